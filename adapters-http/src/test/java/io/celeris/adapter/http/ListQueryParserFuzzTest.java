package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.celeris.application.PagingSettings;
import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.UnsupportedSortException;
import io.celeris.domain.user.UserFilter;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link ListQueryParser}: any query string is either a valid listing query,
 * within every bound, or refused with one of the exceptions the adapter answers with a 400
 * ({@link ProblemException}, {@link UnsupportedSortException}); never anything else (that would be a 500).
 */
class ListQueryParserFuzzTest {

    private static final PagingSettings PAGING = new PagingSettings(20, 100, 10_000);
    private final ListQueryParser parser = new ListQueryParser(PAGING, CountMode.EXACT);

    @FuzzTest(maxDuration = "60s")
    void parsesAnyQueryOrRefusesItWithA400(byte[] input) {
        // The request line's bytes, one char each, as Helidon hands over the raw query.
        String raw = new String(input, StandardCharsets.ISO_8859_1);
        ListQuery query;
        try {
            query = parser.parse(raw);
        } catch (ProblemException e) {
            assertThat(e.toProblem("/users").status().code()).isEqualTo(400);
            return;
        } catch (UnsupportedSortException e) {
            return;
        }
        query.filter().createdAfter().ifPresent(t -> assertThat(UserFilter.isInRange(t)).isTrue());
        query.filter().createdBefore().ifPresent(t -> assertThat(UserFilter.isInRange(t)).isTrue());
        switch (query) {
            case ListQuery.ByOffset o -> assertThat(o.size()).isBetween(1, PAGING.maxLimit());
            case ListQuery.ByCursor c -> assertThat(c.limit()).isBetween(1, PAGING.maxLimit());
        }
    }
}
