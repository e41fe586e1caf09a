package io.groupmailbox.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small WebAdmin client over java.net.http; paths are given as in James's WebAdmin documentation. */
public class WebAdminClient {

    public record Response(int status, String body) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public WebAdminClient(int port) {
        this.port = port;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response put(String path, String json) {
        return send(request(path).PUT(body(json)));
    }

    /** A PUT whose body is declared with this Content-Type (the other methods declare application/json). */
    public Response put(String path, String body, String contentType) {
        return send(request(path).setHeader("Content-Type", contentType).PUT(body(body)));
    }

    public Response put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public Response post(String path, String json) {
        return send(request(path).POST(body(json)));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public WebAdminClient createDomain(String domain) {
        expectSuccess(put("/domains/" + domain));
        return this;
    }

    public WebAdminClient createUser(String address, String password) {
        expectSuccess(put("/users/" + encode(address), "{\"password\":\"" + password + "\"}"));
        return this;
    }

    public WebAdminClient authorize(String baseUser, String delegatee) {
        expectSuccess(put("/users/" + encode(baseUser) + "/authorizedUsers/" + encode(delegatee)));
        return this;
    }

    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static void expectSuccess(Response response) {
        if (response.status() / 100 != 2) {
            throw new IllegalStateException("WebAdmin answered " + response.status() + ": " + response.body());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30));
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
