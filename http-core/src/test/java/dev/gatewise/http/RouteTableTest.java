package dev.gatewise.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final Handler NONE = exchange -> {};

    private final List<Route> routes = new Routes()
            .get("/api/users", NONE).post("/api/users", NONE).any("/api/users", NONE)
            .get("/api/streams", NONE)
            .any("/api/**", NONE)
            .read("/files/{id}", NONE).get("/files/{id}/info", NONE).streaming(HttpMethod.POST, "/files",
                    (ctx, request, params) -> null)
            .any("/files/**", NONE).preflight(NONE)
            .read("/**", NONE)
            .list();
    private final RouteTable table = new RouteTable(routes);

    private RouteTable.Match match(HttpMethod method, String uri) {
        return table.match(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri));
    }

    @Test
    void theMostSpecificPatternWinsAndAMethodBeatsAny() {
        assertThat(match(HttpMethod.GET, "/api/users?q=a").route()).isSameAs(routes.get(0));
        assertThat(match(HttpMethod.PUT, "/api/users").route()).isSameAs(routes.get(2));
        assertThat(match(HttpMethod.GET, "/api/nothing").route()).isSameAs(routes.get(4));
        assertThat(match(HttpMethod.GET, "/files/a/b/c").route()).isSameAs(routes.get(8));
        assertThat(match(HttpMethod.GET, "/index.html").route()).isSameAs(routes.get(9));
        assertThat(match(HttpMethod.GET, "/").route()).isSameAs(routes.get(9));
    }

    @Test
    void aPreflightIsAnsweredOnEveryPatternOfItsRoutes() {
        for (String path : List.of("/api/users", "/files/abc", "/files/abc/info", "/files", "/files/a/b/c")) {
            var options = match(HttpMethod.OPTIONS, path);
            assertThat(options.route()).as(path).isNotNull();
            assertThat(options.route().methods()).as(path).containsExactly(HttpMethod.OPTIONS);
        }
    }

    @Test
    void pathParametersAndStreamingRoutes() {
        var info = match(HttpMethod.GET, "/files/abc/info");
        assertThat(info.route()).isSameAs(routes.get(6));
        assertThat(info.params()).containsEntry("id", "abc");
        assertThat(match(HttpMethod.POST, "/files/").route().streamsBody()).isTrue();
        assertThat(match(HttpMethod.HEAD, "/files/abc").params()).containsEntry("id", "abc");
    }

    @Test
    void aLessSpecificRouteDoesNotCatchAMethodTheMoreSpecificOneRefuses() {
        var put = match(HttpMethod.PUT, "/files/abc");
        assertThat(put.found()).isFalse();
        assertThat(put.allowed()).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(match(HttpMethod.PUT, "/api/streams").found()).isFalse();
        assertThat(match(HttpMethod.GET, "/files").found()).isFalse();
        assertThat(match(HttpMethod.POST, "/page").allowed()).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void nothingMatchesOutsideEveryPattern() {
        var table = new RouteTable(new Routes().get("/api/users", NONE).list());
        var none = table.match(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/elsewhere"));
        assertThat(none.found()).isFalse();
        assertThat(none.allowed()).isNull();
    }
}
