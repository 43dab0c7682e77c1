package dev.backprop.system;

import java.io.InputStream;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * An ETag on every read of a model or a dataset, so that a client polling one (the dashboard, a
 * deployment script) gets a bodiless 304 while nothing changed. A stored dataset and a model's
 * weights never change; a model's aliases, description and tags may, which is why the tag is the
 * hash of the whole answer rather than the id. These answers say {@code private, no-cache} instead
 * of the API's {@code no-store}: still never kept by a shared cache, but a client may keep its copy
 * and revalidate it. Streams (job events) and everything else keep {@code no-store}.
 */
class ConditionalGets extends ShallowEtagHeaderFilter {

    /** The models and datasets and what hangs off them (versions, aliases, export); not predictions (POST). */
    private static final Pattern READS = Pattern.compile("/api/v1/(models|datasets)(/.*)?");

    static final String CACHE_CONTROL = "private, no-cache";

    ConditionalGets() {
        // weak: Tomcat never gzips an answer with a strong ETag, since compression changes its bytes
        setWriteWeakETag(true);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("GET".equals(method) || "HEAD".equals(method))
                || !READS.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    /** A success gets its tag and may be kept privately; a problem (404, …) keeps {@code no-store}. */
    @Override
    protected boolean isEligibleForEtag(HttpServletRequest request, HttpServletResponse response, int status,
                                        InputStream body) {
        if (status < 200 || status >= 300) {
            return false;
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        return true;
    }
}
