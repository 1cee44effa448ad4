package io.raftkv.client;

import static io.raftkv.client.TestClients.fast;
import static io.raftkv.client.TestClients.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KvClientListTest {
    private final MockWebServer server = new MockWebServer();
    private KvClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        client = fast(server.url("/").toString()).listPageSize(2).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void pagesAreFetchedOnlyWhenIterated() throws Exception {
        server.enqueue(json(200, "{\"kvs\":[{\"key\":\"u+1\",\"value\":\"YWxpY2U=\",\"createRevision\":3,"
                + "\"modRevision\":3,\"version\":1},{\"key\":\"u+2\",\"value\":\"Ym9i\",\"createRevision\":4,"
                + "\"modRevision\":5,\"version\":2}],\"count\":2,\"more\":true,\"next\":\"u+3\"}"));
        server.enqueue(json(200, "{\"kvs\":[{\"key\":\"u+3\",\"value\":\"\",\"createRevision\":6,"
                + "\"modRevision\":6,\"version\":1}],\"count\":1,\"more\":false}"));

        Iterator<KvEntry> entries = client.list("u+").iterator();
        assertThat(server.getRequestCount()).isZero();
        assertThat(entries.next().valueAsString()).isEqualTo("alice");
        assertThat(entries.next()).isEqualTo(new KvEntry("u+2", "bob".getBytes(), 4, 5, 2));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(entries.next().key()).isEqualTo("u+3");
        assertThat(entries.hasNext()).isFalse();

        RecordedRequest first = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(first.getUrl().encodedPath()).isEqualTo("/api/v1/kv");
        assertThat(first.getUrl().encodedQuery()).contains("prefix=u%2B").contains("limit=2");
        assertThat(first.getUrl().queryParameter("start")).isNull();
        RecordedRequest second = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(second.getUrl().queryParameter("start")).isEqualTo("u+3");
        assertThat(second.getUrl().encodedQuery()).contains("start=u%2B3");
    }

    @Test
    void listKeysAsksForKeysOnlyAndStopsAtTheLimit() throws Exception {
        server.enqueue(json(200, "{\"kvs\":[{\"key\":\"a\",\"createRevision\":1,\"modRevision\":1,\"version\":1},"
                + "{\"key\":\"b\",\"createRevision\":2,\"modRevision\":2,\"version\":1}],\"count\":2,"
                + "\"more\":true,\"next\":\"c\"}"));

        assertThat(client.listKeys("").limit(2).toList()).containsExactly("a", "b");

        assertThat(server.getRequestCount()).isEqualTo(1);
        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getUrl().queryParameter("keysOnly")).isEqualTo("true");
        assertThat(request.getUrl().queryParameter("prefix")).isNull();
    }

    @Test
    void listPageAsyncReadsOnePageAndTheStartOfTheNext() throws Exception {
        server.enqueue(json(200, "{\"kvs\":[{\"key\":\"u+1\",\"value\":\"YWxpY2U=\",\"createRevision\":3,"
                + "\"modRevision\":3,\"version\":1}],\"count\":1,\"more\":true,\"next\":\"u+3\"}"));
        server.enqueue(json(200, "{\"kvs\":[],\"count\":0,\"more\":false}"));

        KvPage first = client.listPageAsync("u+", null).get(1, TimeUnit.SECONDS);
        KvPage last = client.listPageAsync("u+", first.next()).get(1, TimeUnit.SECONDS);

        assertThat(first.entries()).containsExactly(new KvEntry("u+1", "alice".getBytes(), 3, 3, 1));
        assertThat(first.hasMore()).isTrue();
        assertThat(first.next()).isEqualTo("u+3");
        assertThat(last.entries()).isEmpty();
        assertThat(last.hasMore()).isFalse();
        assertThat(last.next()).isNull();
        RecordedRequest firstRequest = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(firstRequest.getUrl().encodedQuery()).isEqualTo("prefix=u%2B&limit=2&consistency=linearizable");
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getUrl().queryParameter("start")).isEqualTo("u+3");
    }

    @Test
    void listPageAsyncFailsAsTheBlockingFormThrows() {
        server.enqueue(TestClients.error(400, "INVALID_PARAMETER"));
        server.enqueue(TestClients.error(400, "INVALID_PARAMETER"));

        CompletableFuture<KvPage> page = client.listPageAsync("", "x");

        assertThatThrownBy(() -> page.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> client.listPage(null, null)).isInstanceOf(BadRequestException.class);
    }
}
