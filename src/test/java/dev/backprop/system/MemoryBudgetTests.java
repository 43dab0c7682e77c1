package dev.backprop.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class MemoryBudgetTests {

    @Test
    void oneRequestLargerThanTheWholeBudgetIsTooLarge() {
        MemoryBudget budget = new MemoryBudget(1_000);
        try (MemoryBudget.Reservation r = budget.reserve("this prediction request")) {
            assertThatThrownBy(() -> r.growTo(1_001)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.getStatusCode().value()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE.value());
                assertThat(e.getBody().getDetail()).contains("this prediction request")
                        .contains("backprop.limits.request-memory");
            });
        }
        assertThat(budget.used()).isZero();
    }

    @Test
    void whileOthersHoldTheBudgetARequestIsToldToRetryAndItsShareReturnsOnClose() {
        MemoryBudget budget = new MemoryBudget(1_000);
        MemoryBudget.Reservation first = budget.reserve("a");
        first.growTo(600);
        first.growTo(300); // never shrinks while held
        assertThat(budget.used()).isEqualTo(600);
        try (MemoryBudget.Reservation second = budget.reserve("b")) {
            assertThatThrownBy(() -> second.growTo(500)).isInstanceOfSatisfying(RetryLaterException.class, e -> {
                assertThat(e.getStatusCode().value()).isEqualTo(503);
                assertThat(e.getHeaders().getFirst("Retry-After")).isNotBlank();
            });
            first.close();
            second.growTo(500);
            assertThat(budget.used()).isEqualTo(500);
        }
        assertThat(budget.used()).isZero();
    }

    @Test
    void aMeteredStreamHoldsItsMultipleOfWhatWasRead() throws Exception {
        MemoryBudget budget = new MemoryBudget(100L << 20);
        byte[] body = new byte[3 << 20];
        try (MemoryBudget.Reservation r = budget.reserve("a tree");
             InputStream in = r.metered(new ByteArrayInputStream(body), 8)) {
            assertThat(in.readAllBytes()).hasSize(body.length);
            assertThat(budget.used()).isGreaterThanOrEqualTo(8L * body.length).isLessThanOrEqualTo(100L << 20);
        }
        assertThat(budget.used()).isZero();

        MemoryBudget small = new MemoryBudget(1L << 20);
        try (MemoryBudget.Reservation r = small.reserve("a tree");
             InputStream in = r.metered(new ByteArrayInputStream(body), 8)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(ApiException.class)
                    .hasMessageContaining("a tree needs about");
        }
        assertThat(small.used()).isZero();
    }
}
