package io.raftkv.client.internal;

import java.util.List;
import java.util.Map;

/** Typed reads of fields in a parsed JSON object. */
final class JsonFields {
    private JsonFields() {
    }

    static long longField(Map<String, Object> object, String name, long absent) {
        Object value = object.get(name);
        return value instanceof Number n ? n.longValue() : absent;
    }

    static String stringField(Map<String, Object> object, String name) {
        Object value = object.get(name);
        return value instanceof String s ? s : null;
    }

    static boolean booleanField(Map<String, Object> object, String name) {
        return Boolean.TRUE.equals(object.get(name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> objectField(Map<String, Object> object, String name) {
        Object value = object.get(name);
        return value instanceof Map ? (Map<String, Object>) value : null;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objectList(Map<String, Object> object, String name) {
        Object value = object.get(name);
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }
}
