package io.celeris.domain.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SortTest {

    private static final Set<String> ALLOWED = Set.of("name", "created_at", "id");

    @Test
    void alwaysEndsInTheId() {
        assertThat(Sort.parse("name", ALLOWED).text()).isEqualTo("name,id");
        assertThat(Sort.parse("-name,created_at", ALLOWED).text()).isEqualTo("-name,created_at,id");
        assertThat(Sort.parse("-name", ALLOWED).text()).isEqualTo("-name,-id");
        assertThat(Sort.parse("name,-created_at", ALLOWED).text()).isEqualTo("name,-created_at,-id");
        assertThat(Sort.parse("name,-id", ALLOWED).text()).isEqualTo("name,-id");
        assertThat(Sort.parse(Sort.parse("-name", ALLOWED).text(), ALLOWED)).isEqualTo(Sort.parse("-name", ALLOWED));
    }

    @Test
    void refusesUnknownRepeatedOrMalformedKeys() {
        for (String bad : new String[] {"age", "name,name", "id,name", "", ",", "name,", "--name", "name;drop table users", "x".repeat(300)}) {
            assertThatThrownBy(() -> Sort.parse(bad, ALLOWED)).as(bad).isInstanceOf(UnsupportedSortException.class);
        }
        assertThatThrownBy(() -> new Sort(List.of(new Sort.Order("name", Direction.ASC))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysetRequestsCheckTheirCursorFitsTheSort() {
        Sort sort = Sort.parse("name", ALLOWED);
        var cursor = new Cursor(Cursor.Towards.AFTER, List.of("x"));
        assertThatThrownBy(() -> new PageRequest.Keyset(10, Optional.of(cursor), sort))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageRequest.Keyset(0, Optional.empty(), sort))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PageRequest.Offset(3, 20, sort).offset()).isEqualTo(40);
    }
}
