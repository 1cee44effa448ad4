package io.raftkv.server.http;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParamsTest {
    private static final Set<String> NAMES = Set.of("prefix", "limit", "keysOnly", "prevRevision");

    @Test
    void decodesNamesAndValuesAsForms() {
        QueryParams params = QueryParams.parse("prefix=a+b%2Bc%2F%C3%A9&&limit=5", NAMES);
        assertThat(params.text("prefix")).contains("a b+c/é");
        assertThat(params.positive("limit", 1000)).isEqualTo(5);
        assertThat(params.text("keysOnly")).isEmpty();
        assertThat(QueryParams.parse("", NAMES).positive("limit", 1000)).isEqualTo(1000);
    }

    @Test
    void flagsAreTrueFalseOrBare() {
        assertThat(QueryParams.parse("keysOnly", NAMES).flag("keysOnly")).isTrue();
        assertThat(QueryParams.parse("keysOnly=true", NAMES).flag("keysOnly")).isTrue();
        assertThat(QueryParams.parse("keysOnly=false", NAMES).flag("keysOnly")).isFalse();
        assertThat(QueryParams.parse("", NAMES).flag("keysOnly")).isFalse();
        assertInvalid("keysOnly=yes", NAMES, "true or false");
    }

    @Test
    void numbersAreDecimalAndInRange() {
        assertThat(QueryParams.parse("prevRevision=0", NAMES).revision("prevRevision")).hasValue(0);
        assertThat(QueryParams.parse("prevRevision=42", NAMES).revision("prevRevision")).hasValue(42);
        assertInvalid("prevRevision=-1", NAMES, "non-negative integer");
        assertInvalid("prevRevision=+1", NAMES, "non-negative integer");
        assertInvalid("prevRevision=", NAMES, "non-negative integer");
        assertInvalid("prevRevision=0x10", NAMES, "non-negative integer");
        assertInvalid("prevRevision=1234567890123456789", NAMES, "at most 18 digits");
        assertInvalid("limit=0", NAMES, "at least 1");
        assertInvalid("limit=ten", NAMES, "non-negative integer");
    }

    @Test
    void refusesUnknownRepeatedAndMalformedParameters() {
        assertInvalid("prevRevison=3", NAMES, "unknown query parameter \"prevRevison\"");
        assertInvalid("limit=1&limit=2", NAMES, "more than once");
        assertInvalid("prefix=%FF", NAMES, "UTF-8");
        assertInvalid("prefix=%zz", NAMES, "%-escape");
        assertInvalid("pre%zzfix=a", NAMES, "parameter name");
    }

    private static void assertInvalid(String query, Set<String> names, String reason) {
        assertThatThrownBy(() -> {
            QueryParams params = QueryParams.parse(query, names);
            params.flag("keysOnly");
            params.revision("prevRevision");
            params.positive("limit", 1000);
        }).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageContaining(reason);
    }
}
