package dev.backprop.system;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Gives the application a way to tell Tomcat "do not read the rest of this body". After a
 * response Tomcat normally reads (swallows) what is left of the request body so that the
 * connection can be reused, on a request thread, at the client's pace: refusing a client that
 * sends slowly would hand the thread straight back to it. {@link #discardBody} ends the exchange
 * with the answer instead: the connection closes once the answer is written.
 *
 * <p>Tomcat keeps that switch ({@code ActionCode.DISABLE_SWALLOW_INPUT}) on its internal request,
 * which only a valve sees; the valve hands it to the filters as a request attribute.
 */
final class BodyDiscardValve extends ValveBase {

    private static final String DISCARD = BodyDiscardValve.class.getName() + ".discard";

    BodyDiscardValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        request.setAttribute(DISCARD, (Runnable) () -> coyote.action(ActionCode.DISABLE_SWALLOW_INPUT, null));
        getNext().invoke(request, response);
    }

    /** Tomcat will not read the rest of this request's body; a no-op outside Tomcat (MockMvc). */
    static void discardBody(HttpServletRequest request) {
        if (request.getAttribute(DISCARD) instanceof Runnable discard) {
            discard.run();
        }
    }
}
