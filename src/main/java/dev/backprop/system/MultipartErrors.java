package dev.backprop.system;

import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
import org.apache.tomcat.util.http.fileupload.MultipartStream;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.IOFileUploadException;
import org.apache.tomcat.util.http.fileupload.impl.InvalidContentTypeException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;

/**
 * Why Tomcat refused a multipart body, in the API's words. Spring folds every failure whose
 * message mentions a size into {@code MaxUploadSizeExceededException} and everything else into a
 * bare {@code MultipartException}; the cause underneath (Tomcat's file-upload exceptions) tells
 * which limit or which rule was broken, so the answer can name it.
 */
final class MultipartErrors {

    /** What the client is told: the kind of problem and the sentence that explains it. */
    record Described(ProblemType type, String detail, String field) {
    }

    private MultipartErrors() {
    }

    /**
     * @param uploadLimit {@code backprop.limits.upload-bytes}, which the multipart file and request limits follow
     */
    static Described describe(Throwable failure, long uploadLimit) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileCountLimitExceededException count) {
                return new Described(ProblemType.PAYLOAD_TOO_LARGE, "The multipart body has more than " + count.getLimit()
                        + " parts (server.tomcat.max-part-count); an upload needs the part 'file' and at most "
                        + "'name' and 'labelColumn'", null);
            }
            if (cause instanceof FileSizeLimitExceededException) {
                return uploadTooLarge(uploadLimit);
            }
            if (cause instanceof SizeException size) {
                // the same exception type reports the whole request and one part's header section
                return size.getPermittedSize() == uploadLimit ? uploadTooLarge(uploadLimit)
                        : new Described(ProblemType.PAYLOAD_TOO_LARGE, "The headers of a multipart part exceed "
                                + size.getPermittedSize() + " bytes (server.tomcat.max-part-header-size), or do not "
                                + "end with an empty line", null);
            }
            if (cause instanceof InvalidFileNameException) {
                return new Described(ProblemType.MALFORMED_REQUEST, "The file name of part 'file' contains a NUL "
                        + "character; send a plain file name", "file");
            }
            if (cause instanceof InvalidContentTypeException) {
                return new Described(ProblemType.MALFORMED_REQUEST, "The Content-Type header must be "
                        + "multipart/form-data with a boundary of at most 70 characters", null);
            }
            if (cause instanceof MultipartStream.MalformedStreamException || cause instanceof IOFileUploadException) {
                return new Described(ProblemType.MALFORMED_REQUEST, "The multipart body is truncated or malformed: "
                        + "every part must start with the boundary and the body must end with the closing boundary", null);
            }
            if (cause instanceof FileUploadException && cause.getMessage() != null
                    && cause.getMessage().contains("no multipart boundary")) {
                return new Described(ProblemType.MALFORMED_REQUEST, "The Content-Type header has no boundary: send "
                        + "multipart/form-data; boundary=... (curl -F file=@data.csv does this)", null);
            }
        }
        return new Described(ProblemType.MALFORMED_REQUEST, "The multipart body cannot be read: send "
                + "multipart/form-data with the CSV in part 'file' (curl -F file=@data.csv)", null);
    }

    private static Described uploadTooLarge(long uploadLimit) {
        return new Described(ProblemType.PAYLOAD_TOO_LARGE, "The upload exceeds the limit of " + uploadLimit
                + " bytes (backprop.limits.upload-bytes)", null);
    }
}
