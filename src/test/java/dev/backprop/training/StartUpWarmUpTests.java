package dev.backprop.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The start-up warm-up, on the defaults, in a context of its own (so that no other test's requests
 * count): its requests reached the service before readiness, its queue task ran, and it left nothing
 * behind — the built-in model's job is the only job, no dataset but the built-in one, no queue entry.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.application.name=warm-up-test")
@AutoConfigureTestRestTemplate
class StartUpWarmUpTests {

    @Autowired
    TestRestTemplate http;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theWarmUpsRequestsRanBeforeReadinessAndLeftNothingBehind() {
        double refused = meters.find("http.server.requests").tag("uri", "/api/v1/training-jobs")
                .tag("method", "POST").tag("status", "404").timers().stream().mapToDouble(t -> t.count()).sum();
        assertThat(refused).as("the warm-up's refused submissions, one per round").isEqualTo(RequestWarmUp.ROUNDS);
        double streams = meters.find("http.server.requests").tag("uri", "/api/v1/training-jobs/{id}/events")
                .timers().stream().mapToDouble(t -> t.count()).sum();
        assertThat(streams).as("the built-in job's event stream, once per round").isEqualTo(RequestWarmUp.ROUNDS);

        String jobs = http.getForEntity("/api/v1/training-jobs", String.class).getBody();
        assertThat(jobs).contains("\"total\":1").doesNotContain("warm-up");
        assertThat(http.getForEntity("/api/v1/datasets", String.class).getBody()).doesNotContain("warm-up");
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Integer.class)).isZero();
    }
}
