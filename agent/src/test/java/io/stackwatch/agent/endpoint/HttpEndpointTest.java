package io.stackwatch.agent.endpoint;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.config.ListenAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpEndpointTest {

    private HttpEndpoint endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.stop();
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint.url() + path))
                .method(method, HttpRequest.BodyPublishers.ofString("ignored")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesRegisteredPagesByExactPathAndRefusesEverythingElse() throws Exception {
        Pages.register("/test-page", "text/plain; charset=utf-8", () -> "hello \u00e9\n");
        endpoint = HttpEndpoint.start(ListenAddress.parse("0"), AgentConfig.ReportPages.ON_LOOPBACK);

        assertThat(endpoint.url()).startsWith("http://127.0.0.1:");
        HttpResponse<String> ok = send("GET", "/test-page");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("hello \u00e9\n");
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(send("GET", "/test-page?x=1").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/test-page/").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/test-pag").statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/test-page").statusCode()).isEqualTo(405);
        assertThat(send("POST", "/test-page").headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void aPageAddedAfterTheStartIsServedAndAFailingPageIsA500() throws Exception {
        endpoint = HttpEndpoint.start(ListenAddress.parse("127.0.0.1:0"), AgentConfig.ReportPages.ON_LOOPBACK);
        Pages.register("/late", "text/plain", () -> "late");
        Pages.register("/broken", "text/plain", () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(send("GET", "/late").body()).isEqualTo("late");
        assertThat(send("GET", "/broken").statusCode()).isEqualTo(500);
        assertThat(send("GET", "/broken").body()).doesNotContain("boom");
    }

    @Test
    void aTakenPortFailsToStart() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> HttpEndpoint.start(ListenAddress.parse("127.0.0.1:" + taken.getLocalPort()),
                    AgentConfig.ReportPages.ON_LOOPBACK))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void pagePathsMustBeAbsoluteAndPlain() {
        assertThatThrownBy(() -> Pages.register("metrics", "text/plain", () -> "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pages.register("/a/../b", "text/plain", () -> "")).isInstanceOf(IllegalArgumentException.class);
    }
}
