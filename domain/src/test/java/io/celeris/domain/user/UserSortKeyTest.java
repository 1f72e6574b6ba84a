package io.celeris.domain.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserSortKeyTest {

    private static final Instant T = Instant.parse("2026-02-03T04:05:06.123456Z");
    private static final User USER = User.create(new UserId(UUID.fromString("0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f")),
            new Email("ada@example.org"), new UserName("Ada"), T);

    @Test
    void everyKeyReadsAValueOfItsTypeFromAUser() {
        User loggedIn = USER.withLastLoginAt(T.plusSeconds(1));
        for (UserSortKey key : UserSortKey.values()) {
            assertThat(key.valueOf(loggedIn)).as(key.property()).isInstanceOf(key.type());
            assertThat(key.accepts(key.valueOf(loggedIn))).as(key.property()).isTrue();
            assertThat(UserSortKey.of(key.property())).isSameAs(key);
        }
        assertThat(UserSortKey.LAST_LOGIN_AT.valueOf(USER)).isNull();
        assertThat(UserSortKey.SORTABLE).containsExactlyInAnyOrder("created_at", "name", "email", "last_login_at", "id");
        assertThat(UserSortKey.DEFAULT.text()).isEqualTo("created_at,id");
    }

    @Test
    void onlyANullableKeyAcceptsNull() {
        assertThat(UserSortKey.LAST_LOGIN_AT.accepts(null)).isTrue();
        assertThat(UserSortKey.CREATED_AT.accepts(null)).isFalse();
        assertThat(UserSortKey.ID.accepts(null)).isFalse();
    }

    @Test
    void aKeyRefusesValuesOfAnotherTypeOrOutsideTheStorableYears() {
        assertThat(UserSortKey.CREATED_AT.accepts("2026-01-01T00:00:00Z")).isFalse();
        assertThat(UserSortKey.NAME.accepts(42L)).isFalse();
        assertThat(UserSortKey.NAME.accepts(T)).isFalse();
        assertThat(UserSortKey.ID.accepts("0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f")).isFalse();
        assertThat(UserSortKey.CREATED_AT.accepts(UserSortKey.EARLIEST)).isTrue();
        assertThat(UserSortKey.CREATED_AT.accepts(UserSortKey.LATEST)).isTrue();
        assertThat(UserSortKey.CREATED_AT.accepts(UserSortKey.EARLIEST.minusNanos(1000))).isFalse();
        assertThat(UserSortKey.LAST_LOGIN_AT.accepts(UserSortKey.LATEST.plusNanos(1000))).isFalse();
    }

    @Test
    void aTextKeyAcceptsOnlyWhatAUserCouldHoldThere() {
        // What a cursor signed with a leaked or previous secret could carry: PostgreSQL refuses a NUL in text (a
        // 500 before this check), and no user has a control character, an unstripped name or an upper-case email.
        assertThat(UserSortKey.NAME.accepts("Ada Lovelace")).isTrue();
        assertThat(UserSortKey.EMAIL.accepts("ada@example.org")).isTrue();
        for (String bad : new String[] {"a\u0000b", "a\u001fb", "a\u202eb", "\ud800", " Ada", "", "x".repeat(101)}) {
            assertThat(UserSortKey.NAME.accepts(bad)).as(bad).isFalse();
        }
        for (String bad : new String[] {"a\u0000b@example.org", "Ada@example.org", "ada@example", "\u212Aelvin@x.org", ""}) {
            assertThat(UserSortKey.EMAIL.accepts(bad)).as(bad).isFalse();
        }
        assertThat(UserSortKey.CREATED_AT.accepts("Ada")).isFalse();
        assertThat(UserSortKey.ID.accepts("Ada")).isFalse();
    }

    @Test
    void aCursorAtAUserFitsItsSort() {
        Sort sort = Sort.parse("-last_login_at,name", UserSortKey.SORTABLE);
        Cursor c = UserSortKey.cursorAt(USER, sort, Cursor.Towards.AFTER);
        assertThat(c.keys()).containsExactly(null, "Ada", USER.id().value());
        UserSortKey.requireFit(sort, c.keys());
    }

    @Test
    void keysThatDoNotFitTheSortAreRefused() {
        Sort sort = Sort.parse("created_at", UserSortKey.SORTABLE);
        UUID id = USER.id().value();
        for (List<Object> keys : List.of(
                List.<Object>of(T),
                List.<Object>of(T, id, "extra"),
                Arrays.<Object>asList(null, id),
                List.<Object>of("2026", id),
                List.<Object>of(T, id.toString()))) {
            assertThatThrownBy(() -> UserSortKey.requireFit(sort, keys)).as(keys.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> UserSortKey.of("password")).isInstanceOf(IllegalArgumentException.class);
    }
}
