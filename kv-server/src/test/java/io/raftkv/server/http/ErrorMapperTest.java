package io.raftkv.server.http;

import io.helidon.http.BadRequestException;
import io.raftkv.server.node.NodeException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMapperTest {
    @ParameterizedTest
    @CsvSource({
            "NOT_LEADER, NO_LEADER, 503, true",
            "NO_LEADER, NO_LEADER, 503, true",
            "OVERLOADED, OVERLOADED, 503, true",
            "READ_TIMEOUT, READ_TIMEOUT, 503, true",
            "OUTCOME_UNKNOWN, OUTCOME_UNKNOWN, 504, false",
            "STOPPED, SHUTTING_DOWN, 503, false"})
    void nodeFailuresMapToTheirCodes(NodeException.Code nodeCode, ErrorCode code, int status, boolean retryAfter) {
        ApiException api = ErrorMapper.translate(new NodeException(nodeCode, "why"));
        assertThat(api.code()).isEqualTo(code);
        assertThat(api.getMessage()).isEqualTo("why");
        assertThat(code.status()).isEqualTo(status);
        assertThat(code.retryAfter()).isEqualTo(retryAfter);
    }

    @Test
    void futuresAreUnwrapped() {
        NodeException cause = new NodeException(NodeException.Code.OUTCOME_UNKNOWN, "late");
        assertThat(ErrorMapper.translate(new CompletionException(new ExecutionException(cause))).code())
                .isEqualTo(ErrorCode.OUTCOME_UNKNOWN);
    }

    @Test
    void anythingUnexpectedIsAnInternalErrorThatRevealsNothing() {
        ApiException api = ErrorMapper.translate(new IllegalStateException("secret detail"));
        assertThat(api.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(api.getMessage()).doesNotContain("secret");
    }

    @Test
    void helidonsBadRequestIsAnInvalidParameter() {
        assertThat(ErrorMapper.translate(new BadRequestException("bad")).code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
    }

    @Test
    void theBodyNestsCodeMessageAndDetailsUnderError() {
        JsonObject details = Json.createObjectBuilder().add("currentModRevision", 9).build();
        JsonObject body = Json.createReader(new StringReader(new String(JsonBodies.bytes(
                ErrorMapper.body(ErrorCode.PRECONDITION_FAILED, "the \"precondition\" failed", details))))).readObject();
        JsonObject error = body.getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("PRECONDITION_FAILED");
        assertThat(error.getString("message")).isEqualTo("the \"precondition\" failed");
        assertThat(error.getJsonNumber("currentModRevision").longValue()).isEqualTo(9);
        assertThat(body.keySet()).containsExactly("error");
    }
}
