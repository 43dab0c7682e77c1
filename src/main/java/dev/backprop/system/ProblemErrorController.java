package dev.backprop.system;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The servlet error page ({@code spring.web.error.path}) answers problem+json instead of Boot's
 * {@code {"timestamp", …}} body. Tomcat forwards here for the errors it answers itself once the
 * request has reached the application: TRACE, a bad chunk header met while reading a body, an
 * exception thrown by a filter. The response is written directly, whatever the client accepts, so
 * that content negotiation can never turn an error into a second one.
 */
@Controller
@Hidden
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${spring.web.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        // Tomcat has logged an exception that escaped the servlet at ERROR already; client faults stay at DEBUG
        log.debug("Error page for {} {}: status {}{}", request.getAttribute(RequestDispatcher.ERROR_METHOD),
                request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), status,
                failure == null ? "" : ", " + failure);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        // the error dispatch itself is a GET; the client's method is kept in an attribute (Servlet 6.1)
        Object method = request.getAttribute(RequestDispatcher.ERROR_METHOD);
        ProblemJson.write(response, ConnectorErrors.problem(status, method != null ? method.toString() : null));
    }
}
