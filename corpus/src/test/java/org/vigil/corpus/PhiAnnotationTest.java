package org.vigil.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhiAnnotationTest {

  private static PhiAnnotation span(String type, String comment) {
    return new PhiAnnotation(PhiAnnotation.categoryOf(type), type, 0, 4, "text", comment);
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
    assertThat(PhiAnnotation.categoryOf("USERNAME")).isEqualTo("NAME");
    assertThat(PhiAnnotation.categoryOf("LOCATION-OTHER")).isEqualTo("LOCATION");
    assertThat(PhiAnnotation.categoryOf("IPADDR")).isEqualTo("CONTACT");
    assertThat(PhiAnnotation.categoryOf("BIOID")).isEqualTo("ID");
    assertThat(PhiAnnotation.categoryOf("PROFESSION")).isEqualTo("PROFESSION");
  }

  @Test
  void rejectsInvertedOffsets() {
    assertThatThrownBy(() -> new PhiAnnotation("DATE", "DATE", 5, 4, "", "")).isInstanceOf(IllegalArgumentException.class);
  }
}
