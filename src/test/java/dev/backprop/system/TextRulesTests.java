package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The name rule: control characters, separators, lone surrogates and bidi controls are refused, every script is not. */
class TextRulesTests {

    @ParameterizedTest
    @ValueSource(strings = {"iris", "Iris 2024 (cleaned)", "données-été", "датасет", "数据集", "بيانات", "🌸 flowers",
            "a\u200Db", "tab-free name with spaces"})
    void acceptsNamesInAnyScript(String name) {
        assertThat(TextRules.problem(name)).isEmpty();
        assertThat(TextRules.checkName("name", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\rb", "a\nb", "a\tb", "a\u007Fb", "a\u0085b", "a\u2028b", "a\u2029b",
            "a\u202Eb", "a\u202Ab", "a\u2066b", "a\u2069b", "a\uD800b", "a\uDC00"})
    void refusesControlSeparatorSurrogateAndBidiCharacters(String name) {
        assertThat(TextRules.problem(name)).get().asString()
                .startsWith("must not contain control characters, line separators or bidirectional controls; found U+")
                .endsWith("at character 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "modelName", "alias"})
    void theRefusalNamesTheFieldAndTheCharacter(String field) {
        assertThatThrownBy(() -> TextRules.checkName(field, "evil\u202Etxt.exe"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getBody().getType()).isEqualTo(ProblemType.INVALID_REQUEST.uri());
                    assertThat(e.fieldProblems()).singleElement().satisfies(problem -> {
                        assertThat(problem.field()).isEqualTo(field);
                        assertThat(problem.detail()).startsWith(field + " must not contain")
                                .contains("U+202E RIGHT-TO-LEFT OVERRIDE at character 5");
                    });
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83C\uDF38x\u0000", "\uD83C\uDF38\uD83C\uDF38\n"})
    void positionsCountCharactersNotUtf16Units(String name) {
        assertThat(TextRules.problem(name)).get().asString().endsWith("at character 3");
    }
}
