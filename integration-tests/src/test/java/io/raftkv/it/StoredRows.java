package io.raftkv.it;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.raftkv.server.storage.postgres.TestPostgres;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * A node's key-value state as comparable lines {@code key value createRevision modRevision version}:
 * read with plain SQL from its PostgreSQL schema, as an operator would, or through its REST API from
 * its own replica (Berkeley DB JE in dual mode).
 */
final class StoredRows {
    private StoredRows() {}

    /** Every row of {@code schema}'s {@code kv} table, in key order. */
    static List<String> inSchema(TestPostgres server, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
            var key = field(name("key"), SQLDataType.BLOB);
            return DSL.using(c, SQLDialect.POSTGRES)
                    .select(key, field(name("value"), SQLDataType.BLOB), field(name("create_revision"), SQLDataType.BIGINT),
                            field(name("mod_revision"), SQLDataType.BIGINT), field(name("version"), SQLDataType.BIGINT))
                    .from(table(name(schema, "kv")))
                    .orderBy(key)
                    .fetch(r -> line(new String(r.value1(), StandardCharsets.UTF_8), r.value2(), r.value3(), r.value4(),
                            r.value5()));
        }
    }

    /** {@code schema}'s applied index, 0 before its first apply. */
    static long appliedIndexInSchema(TestPostgres server, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
            Long applied = DSL.using(c, SQLDialect.POSTGRES)
                    .select(field(name("applied_index"), SQLDataType.BIGINT))
                    .from(table(name(schema, "kv_applied")))
                    .fetchOne(field(name("applied_index"), SQLDataType.BIGINT));
            return applied == null ? 0 : applied;
        }
    }

    /** Every key {@code node}'s own replica holds (a serializable listing), in key order. */
    static List<String> onNode(KvHttp http, ClusterNode node) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        String start = "";
        while (true) {
            HttpResponse<byte[]> page = http.send(KvHttp.request(node, "/api/v1/kv?consistency=serializable&limit=10000"
                    + (start.isEmpty() ? "" : "&start=" + java.net.URLEncoder.encode(start, StandardCharsets.UTF_8))).GET());
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(page.body()))) {
                JsonObject body = reader.readObject();
                for (JsonObject kv : body.getJsonArray("kvs").getValuesAs(JsonObject.class)) {
                    lines.add(line(kv.getString("key"), Base64.getDecoder().decode(kv.getString("value")),
                            kv.getJsonNumber("createRevision").longValue(), kv.getJsonNumber("modRevision").longValue(),
                            kv.getJsonNumber("version").longValue()));
                }
                if (!body.getBoolean("more")) {
                    return lines;
                }
                start = body.getString("next");
            }
        }
    }

    private static String line(String key, byte[] value, long create, long mod, long version) {
        return key + " " + new String(value, StandardCharsets.UTF_8) + " " + create + " " + mod + " " + version;
    }
}
