package io.celeris.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitPositionTest {

    @Test
    void readsAndWritesPostgresLsnText() {
        var p = CommitPosition.parse("16/b374d848");
        assertThat(p.value()).isEqualTo(0x16_B374D848L);
        assertThat(p).hasToString("16/B374D848");
        assertThat(CommitPosition.parse("0/0").value()).isZero();
        assertThat(CommitPosition.parse("FFFFFFFF/FFFFFFFF").value()).isEqualTo(-1L);
        assertThat(CommitPosition.parse("FFFFFFFF/FFFFFFFF")).hasToString("FFFFFFFF/FFFFFFFF");
    }

    @Test
    void comparesUnsigned() {
        var low = CommitPosition.parse("7FFFFFFF/FFFFFFFF");
        var high = CommitPosition.parse("80000000/0");
        assertThat(high.reached(low)).isTrue();
        assertThat(low.reached(high)).isFalse();
        assertThat(low.reached(low)).isTrue();
    }

    @Test
    void refusesWhatIsNotOne() {
        for (String bad : new String[] {"", "/", "1/", "/1", "1/2/3", "G/0", "123456789/0", "0/123456789", "-1/0",
                "+1/0", "0x1/0", " 1/0", "1/0 ", "1\u0000/0", "１/0", "1:0"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> CommitPosition.parse(bad));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> CommitPosition.parse(null));
    }

    @Test
    void aScopeCarriesTheRequiredPositionAndTheHighestCommitAndIsGoneWhenClosed() {
        assertThat(ReadYourWrites.required()).isEmpty();
        var p = CommitPosition.parse("1/10");
        try (var scope = ReadYourWrites.open(Optional.of(p))) {
            assertThat(ReadYourWrites.required()).contains(p);
            ReadYourWrites.committed(CommitPosition.parse("1/20"));
            ReadYourWrites.committed(CommitPosition.parse("1/18"));
            try (var inner = ReadYourWrites.open(Optional.empty())) {
                assertThat(ReadYourWrites.required()).isEmpty();
                ReadYourWrites.committed(CommitPosition.parse("2/0"));
                assertThat(inner.lastCommit()).contains(CommitPosition.parse("2/0"));
            }
            assertThat(ReadYourWrites.required()).contains(p);
            assertThat(scope.lastCommit()).contains(CommitPosition.parse("1/20"));
        }
        assertThat(ReadYourWrites.required()).isEmpty();
        // Without a scope, a commit is reported to nobody.
        ReadYourWrites.committed(CommitPosition.parse("3/0"));
        try (var scope = ReadYourWrites.open(Optional.empty())) {
            assertThat(scope.lastCommit()).isEmpty();
        }
    }

    @Test
    void anUnconstrainedReadOpensNothingOnItsOwnAndHidesAnOuterPositionInsideOne() {
        try (var read = ReadYourWrites.unconstrained()) {
            assertThat(ReadYourWrites.required()).isEmpty();
            // No scope is current: a commit goes to nobody, this read's scope included.
            ReadYourWrites.committed(CommitPosition.parse("4/0"));
            assertThat(read.lastCommit()).isEmpty();
            try (var write = ReadYourWrites.open(Optional.empty())) {
                ReadYourWrites.committed(CommitPosition.parse("4/10"));
                assertThat(write.lastCommit()).contains(CommitPosition.parse("4/10"));
            }
        }
        assertThat(ReadYourWrites.required()).isEmpty();
        var p = CommitPosition.parse("5/0");
        try (var outer = ReadYourWrites.open(Optional.of(p))) {
            try (var read = ReadYourWrites.unconstrained()) {
                assertThat(ReadYourWrites.required()).isEmpty();
            }
            assertThat(ReadYourWrites.required()).contains(p);
            // Opened and closed inside another, it gives that one back.
            ReadYourWrites.unconstrained().close();
            ReadYourWrites.unconstrained().close();
            assertThat(ReadYourWrites.required()).contains(p);
        }
        assertThat(ReadYourWrites.required()).isEmpty();
        // The shared scope, closed again and again, leaves nothing behind.
        var shared = ReadYourWrites.unconstrained();
        shared.close();
        shared.close();
        assertThat(ReadYourWrites.unconstrained()).isSameAs(shared);
        try (var write = ReadYourWrites.open(Optional.empty()); var read = ReadYourWrites.unconstrained()) {
            assertThat(read).isNotSameAs(shared);
        }
        assertThat(ReadYourWrites.required()).isEmpty();
    }
}
