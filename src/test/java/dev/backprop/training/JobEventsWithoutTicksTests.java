package dev.backprop.training;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link LiveJobsEndToEndTests} with the event streams' periodic reading of the store an hour
 * apart: on one replica, live progress and every final event must come from the job's own
 * changes, as they happen.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "backprop.training.events-tick-millis=3600000")
class JobEventsWithoutTicksTests extends LiveJobsEndToEndTests {
}
