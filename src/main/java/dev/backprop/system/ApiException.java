package dev.backprop.system;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A domain failure that the client can act on. Rendered as {@code application/problem+json}
 * with a {@code type} from {@link ProblemType}; the {@code detail} always names what is at fault
 * (field, row, column, limit or id), and a validation failure lists each bad field in
 * {@code errors} as well (see {@link #invalid}).
 */
public class ApiException extends ErrorResponseException {

    /** The extension member that carries {@link #fieldProblems()}. */
    public static final String ERRORS = "errors";

    private final List<FieldProblem> fieldProblems;

    public ApiException(ProblemType type, String detail) {
        this(type, type.status(), type.title(), detail, List.of());
    }

    /** Typed after the status ({@link ProblemType#forStatus}); prefer the constructor that names the type. */
    public ApiException(HttpStatus status, String title, String detail) {
        this(ProblemType.forStatus(status.value()), status, title, detail, List.of());
    }

    public ApiException(ProblemType type, HttpStatus status, String title, String detail) {
        this(type, status, title, detail, List.of());
    }

    private ApiException(ProblemType type, HttpStatus status, String title, String detail, List<FieldProblem> problems) {
        super(status, problem(type, status, title, detail), null);
        this.fieldProblems = List.copyOf(problems);
        if (!problems.isEmpty()) {
            getBody().setProperty(ERRORS, this.fieldProblems);
        }
    }

    private static ProblemDetail problem(ProblemType type, HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(type.uri());
        return problem;
    }

    /**
     * A 400 that names every bad field at once: {@code errors} lists them and {@code detail}
     * joins their details with "; ".
     *
     * @param type e.g. {@link ProblemType#INVALID_CONFIG}
     * @param problems at least one
     */
    public static ApiException invalid(ProblemType type, List<FieldProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid-request problem needs at least one field problem");
        }
        String detail = problems.stream().map(FieldProblem::detail).collect(Collectors.joining("; "));
        return new ApiException(type, HttpStatus.BAD_REQUEST, type.title(), detail, problems);
    }

    /** A 400 for one bad query or form parameter. */
    public static ApiException invalidParameter(String field, String detail) {
        return invalid(ProblemType.INVALID_REQUEST, List.of(FieldProblem.parameter(field, detail)));
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(ProblemType.NOT_FOUND, HttpStatus.NOT_FOUND, what + " not found",
                what + " '" + id + "' does not exist");
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(ProblemType.INVALID_REQUEST, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(ProblemType.CONFLICT, detail);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(ProblemType.PAYLOAD_TOO_LARGE, detail);
    }

    /** The bad fields, in the order found; empty unless made by {@link #invalid}. */
    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }

    /** Adds a machine-readable extension member, e.g. {@code instance} index or {@code field}. */
    public ApiException with(String property, Object value) {
        getBody().setProperty(property, value);
        return this;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
