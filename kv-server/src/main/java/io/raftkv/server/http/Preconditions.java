package io.raftkv.server.http;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A write's condition on the key's mod revision, from {@code ?prevRevision=N}, {@code If-Match: "N"}
 * (the ETag a GET returned) or {@code If-None-Match: *} (create-only, the same as prevRevision 0).
 * Several may be given if they agree.
 */
final class Preconditions {
    /** A strong entity tag holding a revision; weak tags ({@code W/"N"}) cannot guard a write (RFC 9110 §13.1.1). */
    private static final Pattern REVISION_TAG = Pattern.compile("\"([0-9]{1,18})\"");

    private Preconditions() {
    }

    /**
     * The revision the key's mod revision must have (0: the key must not exist), or empty for none.
     *
     * @throws ApiException INVALID_PARAMETER for a malformed header, an unsupported form, or conditions
     *                      that disagree
     */
    static OptionalLong prevRevision(OptionalLong query, Optional<String> ifMatch, Optional<String> ifNoneMatch) {
        OptionalLong fromIfMatch = ifMatch.map(Preconditions::ifMatch).orElse(OptionalLong.empty());
        OptionalLong fromIfNoneMatch = ifNoneMatch.map(Preconditions::ifNoneMatch).orElse(OptionalLong.empty());
        long[] revisions = Stream.of(query, fromIfMatch, fromIfNoneMatch)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .distinct()
                .toArray();
        if (revisions.length > 1) {
            throw invalid("prevRevision, If-Match and If-None-Match disagree; give one of them");
        }
        return revisions.length == 0 ? OptionalLong.empty() : OptionalLong.of(revisions[0]);
    }

    private static OptionalLong ifMatch(String value) {
        Matcher matcher = REVISION_TAG.matcher(value.strip());
        if (!matcher.matches()) {
            throw invalid("If-Match must be one revision in double quotes, as in the ETag of a GET (e.g. \"42\")");
        }
        return OptionalLong.of(Long.parseLong(matcher.group(1)));
    }

    private static OptionalLong ifNoneMatch(String value) {
        if (!value.strip().equals("*")) {
            throw invalid("If-None-Match supports only * (create the key only if it does not exist)");
        }
        return OptionalLong.of(0);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message);
    }
}
