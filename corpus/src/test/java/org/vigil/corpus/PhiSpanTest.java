package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhiSpanTest {

  private static PhiSpan span(String type, String comment) {
    return new PhiSpan(PhiSpan.categoryOf(type), type, 0, 4, "text", comment);
  }

  @Test
  void safeHarborKeepsYoungAgesBareYearsStatesCountriesAndProfessions() {
    assertThat(span("AGE", "under90").mustRemove()).isFalse();
    assertThat(span("DATE", "year-only").mustRemove()).isFalse();
    assertThat(span("STATE", "").mustRemove()).isFalse();
    assertThat(span("COUNTRY", "").mustRemove()).isFalse();
    assertThat(span("PROFESSION", "").mustRemove()).isFalse();
  }

  @Test
  void safeHarborRemovesOldAgesTheirBirthYearsAndEverythingElse() {
    assertThat(span("AGE", "age-over-89").mustRemove()).isTrue();
    assertThat(span("DATE", "age-over-89").mustRemove()).isTrue();
    assertThat(span("DATE", "").mustRemove()).isTrue();
    assertThat(span("CITY", "").mustRemove()).isTrue();
    assertThat(span("ZIP", "").mustRemove()).isTrue();
    assertThat(span("PATIENT", "").mustRemove()).isTrue();
    assertThat(span("IPADDR", "").mustRemove()).isTrue();
  }

  @Test
  void mapsEveryTypeToItsI2b2Category() {
    assertThat(PhiSpan.categoryOf("USERNAME")).isEqualTo("NAME");
    assertThat(PhiSpan.categoryOf("LOCATION-OTHER")).isEqualTo("LOCATION");
    assertThat(PhiSpan.categoryOf("IPADDR")).isEqualTo("CONTACT");
    assertThat(PhiSpan.categoryOf("BIOID")).isEqualTo("ID");
    assertThat(PhiSpan.categoryOf("PROFESSION")).isEqualTo("PROFESSION");
  }

  @Test
  void rejectsInvertedOffsets() {
    assertThatThrownBy(() -> new PhiSpan("DATE", "DATE", 5, 4, "", "")).isInstanceOf(IllegalArgumentException.class);
  }
}
