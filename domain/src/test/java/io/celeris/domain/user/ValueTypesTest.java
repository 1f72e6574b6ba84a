package io.celeris.domain.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "first.last+tag@sub.example.org", "o'brien@example.ie", "x_y@a-b.example"})
    void acceptsOrdinaryEmails(String text) {
        assertThat(new Email(text).value()).isEqualTo(text.toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plain", "@example.org", "a@", "a@b", "a@@b.co", "a b@c.de", "a@b..co",
        ".a@b.co", "a.@b.co", "a@-b.co", "a@b.c_o", "ä@b.co", "a@b.co\u0007", "a\u0000@b.co"})
    void rejectsMalformedEmails(String text) {
        assertThatThrownBy(() -> new Email(text)).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("email");
    }

    @Test
    void rejectsOverlongEmails() {
        String local64 = "a".repeat(64);
        String longDomain = ("b".repeat(60) + ".").repeat(4) + "com";
        assertThatThrownBy(() -> new Email(local64 + "@" + longDomain)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("254");
        assertThatThrownBy(() -> new Email("a".repeat(65) + "@b.co")).isInstanceOf(InvalidValueException.class);
        assertThat(new Email(local64 + "@b.co").value()).hasSize(69);
    }

    @Test
    void normalisesEmailCase() {
        assertThat(new Email(" Ada@Example.ORG ")).isEqualTo(new Email("ada@example.org"));
        assertThat(new Email("ada@example.org").domain()).isEqualTo("example.org");
        // Letters outside ASCII whose lower case is ASCII are refused, not stored as another address.
        for (String s : new String[] {"\u212Aelvin@example.org", "ada@\u212Aexample.org", "\u0130da@example.org"}) {
            assertThatThrownBy(() -> new Email(s)).as(s).isInstanceOf(InvalidValueException.class);
        }
    }

    @Test
    void namesAreStrippedAndBounded() {
        assertThat(new UserName("  Ada  ").value()).isEqualTo("Ada");
        assertThat(new UserName("🚀".repeat(100)).value()).hasSize(200);
        assertThatThrownBy(() -> new UserName("🚀".repeat(101))).hasMessageContaining("100");
        assertThatThrownBy(() -> new UserName("   ")).hasMessageContaining("required");
        assertThatThrownBy(() -> new UserName(null)).hasMessageContaining("required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\tb", "a\nb", "a\u007fb", "a\u0085b", "a\u202eb", "a\u200bb", "a\ud800b", "a\u2028b"})
    void namesRejectControlAndFormatCharacters(String text) {
        assertThatThrownBy(() -> new UserName(text)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("control");
    }

    @Test
    void idsParseOnlyCanonicalUuids() {
        assertThat(UserId.parse("0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f").toString())
                .isEqualTo("0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f");
        for (String bad : new String[] {"", "1", "1-1-1-1-1", "0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8", "zz90f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f"}) {
            assertThatThrownBy(() -> UserId.parse(bad)).isInstanceOf(InvalidValueException.class);
        }
        assertThatThrownBy(() -> UserId.parse(null)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void uuidV7IdsAreTimeOrderedAndVersioned() {
        var early = UuidV7.next(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        var late = UuidV7.next(Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC));
        assertThat(early.value().version()).isEqualTo(7);
        assertThat(early.value().variant()).isEqualTo(2);
        assertThat(early).isLessThan(late);
    }

    @Test
    void uuidV7IdsFromASeededSourceRepeatAndKeepTheirMillisecond() {
        long millis = Instant.parse("2026-01-01T00:00:00.123Z").toEpochMilli();
        var first = UuidV7.of(millis, new java.util.Random(7));
        assertThat(UuidV7.of(millis, new java.util.Random(7))).isEqualTo(first);
        assertThat(UuidV7.of(millis, new java.util.Random(8))).isNotEqualTo(first);
        assertThat(first.value().getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(first.value().version()).isEqualTo(7);
        assertThat(first.value().variant()).isEqualTo(2);
    }

    @Test
    void userInstantsAreKeptToTheMicrosecond() {
        var t = Instant.parse("2026-01-01T00:00:00.123456789Z");
        User u = User.create(UuidV7.next(Clock.systemUTC()), new Email("a@b.co"), new UserName("A"), t);
        assertThat(u.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
        User v2 = u.update(u.email(), new UserName("B"), t.plusSeconds(1));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.createdAt()).isEqualTo(u.createdAt());
    }

    @Test
    void aFiltersTextNamesItAloneEvenWhenANamePrefixLooksLikeAnotherPart() {
        var sneaky = new UserFilter(java.util.Optional.of("a&email_domain=example.com"), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty());
        var two = new UserFilter(java.util.Optional.of("a"), java.util.Optional.of("example.com"),
                java.util.Optional.empty(), java.util.Optional.empty());
        assertThat(sneaky.text()).isNotEqualTo(two.text()).isEqualTo("name_prefix=a%26email_domain%3Dexample.com");
        assertThat(two.text()).isEqualTo("name_prefix=a&email_domain=example.com");
        var percent = new UserFilter(java.util.Optional.of("100%26"), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty());
        var amp = new UserFilter(java.util.Optional.of("100&"), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty());
        assertThat(percent.text()).isNotEqualTo(amp.text());
    }

    @Test
    void filterBoundsStayWithinTheYearsOfRfc3339() {
        var none = java.util.Optional.<String>empty();
        var edges = new UserFilter(none, none, java.util.Optional.of(UserFilter.EARLIEST),
                java.util.Optional.of(Instant.parse("9999-12-31T23:59:59.999999999Z")));
        assertThat(edges.createdBefore()).contains(UserFilter.LATEST);
        assertThatThrownBy(() -> new UserFilter(none, none, java.util.Optional.of(Instant.parse("+294277-01-01T00:00:00Z")),
                java.util.Optional.empty())).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("created_after");
        assertThatThrownBy(() -> new UserFilter(none, none, java.util.Optional.empty(),
                java.util.Optional.of(UserFilter.EARLIEST.minusNanos(1)))).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("created_before");
        assertThat(UserFilter.isInRange(UserFilter.LATEST.plusNanos(999))).isTrue();
        assertThat(UserFilter.isInRange(UserFilter.LATEST.plusNanos(1000))).isFalse();
    }
}
