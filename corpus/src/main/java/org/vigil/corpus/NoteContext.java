package org.vigil.corpus;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One note's fictitious world (patient, relatives, clinicians, places, dates) and the renderer that fills a
 * template's slots from it, appending text and annotations to a {@link NoteBuilder}.
 */
final class NoteContext {

  private static final Set<String> NON_PHI_SLOTS = Set.of("pro", "Pro", "pos", "Pos", "obj", "refl", "man", "sex",
      "male", "mr", "spouse", "partner", "kid", "num");
  private static final Set<String> PHI_SLOTS = Set.of("PATIENT", "RELATIVE", "DOCTOR", "CLINICIAN", "USERNAME",
      "PROFESSION", "ROOM", "DEPARTMENT", "HOSPITAL", "ORGANIZATION", "STREET", "CITY", "STATE", "ZIP", "COUNTRY",
      "LOCOTHER", "ADDRESS", "KIN", "AGE", "DATE", "YEAR", "PHONE", "FAX", "EMAIL", "URL", "IPADDR", "SSN", "MRN",
      "HEALTHPLAN", "ACCOUNT", "LICENSE", "VEHICLE", "DEVICE", "BIOID", "IDNUM");
  private static final String[] CREDENTIALS = {"LCSW", "RN", "NP", "PA-C", "LICSW", "PhD", "PsyD", "LMHC", "MSW"};
  private static final String VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

  static boolean knowsSlot(String name) {
    return NON_PHI_SLOTS.contains(name) || PHI_SLOTS.contains(name);
  }

  private final PhraseBank bank;
  private final SplittableRandom rnd;
  final boolean female;
  final String first;
  final String last;
  final char middleInitial;
  final int age;
  final LocalDate noteDate;
  final LocalTime noteTime;
  final LocalDate birthDate;
  final LocalDate admitDate;
  final PhraseBank.Place home;
  final String hospital;
  /** The kinds this patient has now; keeps a note from both affirming and denying the same thing. */
  final Set<String> presentKinds = new java.util.HashSet<>();
  private final Map<String, String> fixed = new HashMap<>();
  private final Map<String, String[]> people = new HashMap<>();
  private int typoBudget;

  NoteContext(PhraseBank bank, SplittableRandom rnd, LocalDate noteDate, boolean inpatient) {
    this.bank = bank;
    this.rnd = rnd;
    this.female = rnd.nextBoolean();
    this.first = pick(bank.words(female ? "names-female" : "names-male"));
    this.last = pick(bank.words("surnames"));
    this.middleInitial = (char) ('A' + rnd.nextInt(26));
    int roll = rnd.nextInt(100);
    this.age = roll < 7 ? 90 + rnd.nextInt(9) : roll < 12 ? 14 + rnd.nextInt(5) : 18 + rnd.nextInt(72);
    this.noteDate = noteDate;
    this.noteTime = LocalTime.of(6 + rnd.nextInt(16), rnd.nextInt(60));
    this.birthDate = noteDate.minusYears(age).minusDays(1 + rnd.nextInt(364));
    this.admitDate = inpatient ? noteDate.minusDays(2 + rnd.nextInt(12)) : noteDate;
    this.home = pick(bank.places());
    this.hospital = pick(bank.words("hospitals"));
    this.typoBudget = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(2);
    for (String kind : SignalMention.KINDS) {
      if (rnd.nextInt(100) < 40) {
        presentKinds.add(kind);
      }
    }
  }

  /** Whether the template's affirmed and negated mentions agree with what this patient has. */
  boolean consistent(Template t) {
    for (Template.Label l : t.labels()) {
      boolean present = presentKinds.contains(l.kind());
      if (l.assertion().equals("AFFIRMED") && !present || l.assertion().equals("NEGATED") && present) {
        return false;
      }
    }
    return true;
  }

  String ageBand() {
    if (age < 18) {
      return "0-17";
    } else if (age < 26) {
      return "18-25";
    } else if (age < 45) {
      return "26-44";
    } else if (age < 65) {
      return "45-64";
    } else if (age < 90) {
      return "65-89";
    }
    return "90+";
  }

  <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  private String pick(String... options) {
    return options[rnd.nextInt(options.length)];
  }

  boolean chance(int percent) {
    return rnd.nextInt(100) < percent;
  }

  int between(int lo, int hi) {
    return lo + rnd.nextInt(hi - lo + 1);
  }

  // ---------------------------------------------------------------- rendering

  void render(Template t, NoteBuilder b) {
    render(t, b, false);
  }

  private void render(Template t, NoteBuilder b, boolean inSpan) {
    for (Template.Part part : t.parts()) {
      if (part instanceof Template.Literal l) {
        b.append(inSpan ? l.text() : maybeTypo(l.text()));
      } else if (part instanceof Template.Choice c) {
        render(pick(c.options()), b, inSpan);
      } else if (part instanceof Template.Ref r) {
        render(pick(bank.lexicon(r.name())), b, inSpan);
      } else if (part instanceof Template.Slot s) {
        slot(s.name(), s.arg(), b);
      } else if (part instanceof Template.Signal s) {
        int start = b.length();
        render(s.surface(), b, true);
        for (Template.Label label : s.labels()) {
          b.addSignal(label.kind(), label.assertion(), start, b.length());
        }
      }
    }
  }

  /** Negation, hedge and time cues are kept intact so that a typo never changes a mention's gold assertion. */
  private static final Set<String> CUE_WORDS = Set.of("denies", "denied", "without", "never", "negative", "longer",
      "history", "possible", "questionable", "suspected", "concern", "unclear", "whether", "prior", "previous",
      "remote", "former", "should", "family", "mother", "father", "brother", "sister", "remission", "cannot");

  /** Clinicians type fast: a few transposed letters per note, never inside an annotated span. */
  private String maybeTypo(String literal) {
    if (typoBudget == 0 || literal.length() < 12 || !chance(6)) {
      return literal;
    }
    String[] words = literal.split(" ", -1);
    int w = rnd.nextInt(words.length);
    String word = words[w];
    if (word.length() < 5 || !word.chars().allMatch(Character::isLetter)
        || CUE_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
      return literal;
    }
    int i = 1 + rnd.nextInt(word.length() - 3);
    words[w] = word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2);
    typoBudget--;
    return String.join(" ", words);
  }

  private void slot(String name, String arg, NoteBuilder b) {
    switch (name) {
      case "pro" -> b.append(female ? "she" : "he");
      case "Pro" -> b.append(female ? "She" : "He");
      case "pos" -> b.append(female ? "her" : "his");
      case "Pos" -> b.append(female ? "Her" : "His");
      case "obj" -> b.append(female ? "her" : "him");
      case "refl" -> b.append(female ? "herself" : "himself");
      case "man" -> b.append(female ? "woman" : "man");
      case "sex" -> b.append(female ? "F" : "M");
      case "male" -> b.append(female ? "female" : "male");
      case "mr" -> b.append(female ? pick("Ms.", "Mrs.", "Ms") : pick("Mr.", "Mr"));
      case "spouse" -> b.append(female ? "husband" : "wife");
      case "partner" -> b.append(female ? pick("boyfriend", "partner", "ex-boyfriend") : pick("girlfriend", "partner"));
      case "kid" -> b.append(pick("son", "daughter"));
      case "num" -> {
        String[] range = arg.split("-");
        b.append(Integer.toString(between(Integer.parseInt(range[0]), Integer.parseInt(range[1]))));
      }
      case "PATIENT" -> patient(arg, b);
      case "RELATIVE" -> relative(arg.equals("spouse") ? (female ? "M" : "F") : "", b);
      case "KIN" -> kin(arg, b);
      case "DOCTOR" -> doctor(arg.isEmpty() ? "attending" : arg, b);
      case "CLINICIAN" -> clinician(arg.isEmpty() ? "sw" : arg, b);
      case "USERNAME" -> b.appendPhi("USERNAME", username(arg.isEmpty() ? "attending" : arg), "");
      case "PROFESSION" -> b.appendPhi("PROFESSION", fixed("profession", () -> pick(bank.words("professions"))), "");
      case "ROOM" -> b.appendPhi("ROOM", room(), "");
      case "DEPARTMENT" -> b.appendPhi("DEPARTMENT", pick(bank.words("departments")), "");
      case "HOSPITAL" -> b.appendPhi("HOSPITAL", arg.equals("other") ? pick(bank.words("hospitals")) : hospital, "");
      case "ORGANIZATION" -> b.appendPhi("ORGANIZATION", fixed("org", () -> pick(bank.words("organizations"))), "");
      case "STREET" -> b.appendPhi("STREET", street(), "");
      case "CITY" -> b.appendPhi("CITY", arg.equals("other") ? pick(bank.places()).city() : home.city(), "");
      case "STATE" -> b.appendPhi("STATE", chance(50) ? home.state() : home.stateAbbreviation(), "");
      case "ZIP" -> b.appendPhi("ZIP", zip(), "");
      case "COUNTRY" -> b.appendPhi("COUNTRY", pick(bank.words("countries")), "");
      case "LOCOTHER" -> b.appendPhi("LOCATION-OTHER", pick(bank.words("other-locations")), "");
      case "ADDRESS" -> address(b);
      case "AGE" -> age(arg, b);
      case "DATE" -> date(arg, b);
      case "YEAR" -> year(arg, b);
      case "PHONE" -> b.appendPhi("PHONE", fixed("phone" + arg, this::phone), "");
      case "FAX" -> b.appendPhi("FAX", fixed("fax" + arg, this::phone), "");
      case "EMAIL" -> b.appendPhi("EMAIL", email(arg), "");
      case "URL" -> b.appendPhi("URL", url(), "");
      case "IPADDR" -> b.appendPhi("IPADDR", ip(), "");
      case "SSN" -> b.appendPhi("SSN", fixed("ssn", this::ssn), "");
      case "MRN" -> b.appendPhi("MEDICALRECORD", fixed("mrn", this::mrn), "");
      case "HEALTHPLAN" -> b.appendPhi("HEALTHPLAN", fixed("plan", this::healthPlan), "");
      case "ACCOUNT" -> b.appendPhi("ACCOUNT", fixed("acct", () -> digits(between(7, 10))), "");
      case "LICENSE" -> b.appendPhi("LICENSE", license(arg), "");
      case "VEHICLE" -> b.appendPhi("VEHICLE", arg.equals("vin") ? vin() : plate(), "");
      case "DEVICE" -> b.appendPhi("DEVICE", device(), "");
      case "BIOID" -> b.appendPhi("BIOID", pick("FP-", "BIO-", "") + letters(2) + digits(6), "");
      case "IDNUM" -> b.appendPhi("IDNUM", idnum(), "");
      default -> throw new IllegalArgumentException("unknown slot {" + name + "}");
    }
  }

  private String fixed(String key, java.util.function.Supplier<String> make) {
    return fixed.computeIfAbsent(key, k -> make.get());
  }

  // ---------------------------------------------------------------- names

  private void patient(String arg, NoteBuilder b) {
    switch (arg) {
      case "first" -> b.appendPhi("PATIENT", first, "");
      case "last" -> b.appendPhi("PATIENT", last, "");
      case "formal" -> {
        b.append((female ? pick("Ms. ", "Mrs. ", "Ms ") : pick("Mr. ", "Mr ")));
        b.appendPhi("PATIENT", last, "");
      }
      case "poss" -> {
        b.appendPhi("PATIENT", chance(50) ? first : last, "");
        b.append("'s");
      }
      case "initials" -> b.appendPhi("PATIENT", first.charAt(0) + "." + last.charAt(0) + ".", "");
      case "caps" -> b.appendPhi("PATIENT", (last + ", " + first).toUpperCase(Locale.ROOT), "");
      default -> b.appendPhi("PATIENT", switch (rnd.nextInt(8)) {
        case 0 -> last + ", " + first;
        case 1 -> (last + ", " + first).toUpperCase(Locale.ROOT);
        case 2 -> first + " " + middleInitial + ". " + last;
        case 3 -> (first + " " + last).toLowerCase(Locale.ROOT);
        case 4 -> (first + " " + last).toUpperCase(Locale.ROOT);
        default -> first + " " + last;
      }, "");
    }
  }

  private static final String[][] KIN = {{"mother", "F"}, {"father", "M"}, {"sister", "F"}, {"brother", "M"},
      {"aunt", "F"}, {"uncle", "M"}, {"grandmother", "F"}, {"grandfather", "M"}, {"son", "M"}, {"daughter", "F"},
      {"cousin", ""}, {"friend", ""}, {"roommate", ""}};

  /** A relation word and the relative's name, with a given name of the matching sex. */
  private void kin(String arg, NoteBuilder b) {
    String[] k = KIN[rnd.nextInt(KIN.length)];
    if (arg.equals("paren")) {
      relative(k[1], b);
      b.append(" (" + (female ? "her " : "his ") + k[0] + ")");
    } else {
      b.append(k[0] + " ");
      relative(k[1], b);
    }
  }

  private void relative(String sex, NoteBuilder b) {
    boolean sameSurname = chance(60);
    boolean femaleName = sex.isEmpty() ? chance(50) : sex.equals("F");
    String given = pick(bank.words(femaleName ? "names-female" : "names-male"));
    String family = sameSurname ? last : pick(bank.words("surnames"));
    b.appendPhi("PATIENT", switch (rnd.nextInt(4)) {
      case 0 -> given;
      case 1 -> given.toUpperCase(Locale.ROOT);
      default -> given + " " + family;
    }, "");
  }

  private String[] person(String role) {
    return people.computeIfAbsent(role, r -> new String[] {
        pick(bank.words(chance(50) ? "names-female" : "names-male")), pick(bank.words("surnames"))});
  }

  private void doctor(String role, NoteBuilder b) {
    String[] p = person(role);
    switch (rnd.nextInt(8)) {
      case 0, 1 -> {
        b.append(pick("Dr. ", "Dr ", "Dr. "));
        b.appendPhi("DOCTOR", p[1], "");
      }
      case 2 -> {
        b.appendPhi("DOCTOR", p[0] + " " + p[1], "");
        b.append(pick(", MD", " MD", ", DO", " (MD)"));
      }
      case 3 -> {
        b.appendPhi("DOCTOR", p[0].charAt(0) + ". " + p[1], "");
        b.append(", MD");
      }
      case 4 -> {
        b.appendPhi("DOCTOR", (p[1] + ", " + p[0]).toUpperCase(Locale.ROOT), "");
        b.append(" (MD)");
      }
      case 5 -> {
        b.append("Dr. ");
        b.appendPhi("DOCTOR", p[0] + " " + p[1], "");
      }
      case 6 -> {
        b.appendPhi("DOCTOR", p[1] + ", " + p[0], "");
        b.append(" MD");
      }
      default -> {
        b.appendPhi("DOCTOR", p[0] + " " + p[1], "");
        b.append(", MD");
      }
    }
  }

  private void clinician(String role, NoteBuilder b) {
    String[] p = person(role);
    String cred = fixed("cred" + role, () -> switch (role) {
      case "sw" -> pick("LCSW", "LICSW", "MSW");
      case "rn" -> "RN";
      case "therapist" -> pick("PhD", "PsyD", "LMHC", "LCSW");
      case "po" -> "";
      case "cm" -> pick("MSW", "BSW", "CM", "");
      default -> CREDENTIALS[rnd.nextInt(CREDENTIALS.length)];
    });
    if (cred.isEmpty()) {
      b.appendPhi("DOCTOR", chance(50) ? p[0] + " " + p[1] : p[1], "");
      return;
    }
    switch (rnd.nextInt(5)) {
      case 0 -> {
        b.append(cred + " ");
        b.appendPhi("DOCTOR", p[1], "");
      }
      case 1 -> {
        b.appendPhi("DOCTOR", p[0].charAt(0) + ". " + p[1], "");
        b.append(" " + cred);
      }
      default -> {
        b.appendPhi("DOCTOR", p[0] + " " + p[1], "");
        b.append(", " + cred);
      }
    }
  }

  private String username(String role) {
    String[] p = person(role);
    String f = p[0].toLowerCase(Locale.ROOT);
    String l = p[1].toLowerCase(Locale.ROOT).replace("'", "").replace(" ", "");
    return switch (rnd.nextInt(4)) {
      case 0 -> f.charAt(0) + l;
      case 1 -> l + f.charAt(0) + between(1, 99);
      case 2 -> f + "." + l;
      default -> (f.charAt(0) + l).toUpperCase(Locale.ROOT) + between(1, 9);
    };
  }

  // ---------------------------------------------------------------- places

  private String room() {
    return switch (rnd.nextInt(4)) {
      case 0 -> Integer.toString(between(100, 999));
      case 1 -> between(2, 9) + pick("N", "S", "E", "W") + "-" + between(10, 40);
      case 2 -> between(100, 999) + pick("A", "B");
      default -> pick("B", "C") + between(10, 99);
    };
  }

  private String street() {
    return fixed("street", () -> between(2, 9899) + " " + pick(bank.words("streets")));
  }

  private String zip() {
    return fixed("zip", () -> home.zipPrefix() + String.format("%02d", rnd.nextInt(100))
        + (chance(15) ? "-" + digits(4) : ""));
  }

  private void address(NoteBuilder b) {
    b.appendPhi("STREET", street(), "");
    if (chance(30)) {
      b.append(pick(", Apt ", " #", ", Unit "));
      b.appendPhi("STREET", Integer.toString(between(1, 40)) + pick("", "B", "C"), "");
    }
    b.append(pick(", ", "\n", ", "));
    b.appendPhi("CITY", home.city(), "");
    b.append(", ");
    b.appendPhi("STATE", chance(75) ? home.stateAbbreviation() : home.state(), "");
    b.append(" ");
    b.appendPhi("ZIP", zip(), "");
  }

  // ---------------------------------------------------------------- ages and dates

  private static String ageComment(int years) {
    return years >= 90 ? PhiAnnotation.AGE_OVER_89 : PhiAnnotation.UNDER_90;
  }

  private void age(String arg, NoteBuilder b) {
    int years = switch (arg) {
      case "other" -> chance(20) ? between(90, 101) : between(3, 89);
      case "onset" -> Math.max(8, between(Math.min(12, age - 1), Math.max(12, age - 1)));
      default -> age;
    };
    b.appendPhi("AGE", Integer.toString(years), ageComment(years));
  }

  private void date(String arg, NoteBuilder b) {
    LocalDate d = switch (arg) {
      case "today", "time" -> noteDate;
      case "adm" -> admitDate;
      case "past" -> noteDate.minusDays(between(60, 2500));
      case "future" -> noteDate.plusDays(between(3, 40));
      case "dob" -> birthDate;
      case "", "recent", "dow", "ord" -> noteDate.minusDays(between(1, 20));
      case "range", "pastrange" -> null;
      case "holiday" -> null;
      case "monthyear" -> noteDate.minusDays(between(90, 3000));
      default -> throw new IllegalArgumentException("unknown date kind " + arg);
    };
    String dobComment = arg.equals("dob") && age >= 90 ? PhiAnnotation.AGE_OVER_89 : "";
    switch (arg) {
      case "range", "pastrange" -> {
        boolean past = arg.equals("pastrange");
        LocalDate end = noteDate.minusDays(past ? between(90, 2500) : between(0, 10));
        LocalDate start = end.minusDays(between(2, 9));
        String fmt = past ? pick("M/d/yy", "MM/dd/yyyy", "M/d/yyyy") : pick("M/d", "MM/dd", "M/d/yy");
        b.appendPhi("DATE", format(start, fmt), "");
        b.append(pick("-", " - ", " to ", "-"));
        b.appendPhi("DATE", format(end, fmt), "");
      }
      case "dow" -> {
        String day = d.getDayOfWeek().getDisplayName(chance(60) ? TextStyle.FULL : TextStyle.SHORT, Locale.US);
        b.appendPhi("DATE", day + " " + format(d, pick("M/d", "MM/dd", "M/d/yy")), "");
      }
      case "ord" -> {
        if (chance(50)) {
          b.append("the ");
          b.appendPhi("DATE", ordinal(d.getDayOfMonth()), "");
        } else {
          b.appendPhi("DATE", d.getMonth().getDisplayName(TextStyle.FULL, Locale.US) + " "
              + ordinal(d.getDayOfMonth()), "");
        }
      }
      case "holiday" -> b.appendPhi("DATE", pick(bank.holidays()).name(), "");
      case "monthyear" -> b.appendPhi("DATE", format(d, pick("MMMM yyyy", "MM/yyyy", "MMM yyyy", "M/yy")), "");
      case "time" -> {
        b.appendPhi("DATE", format(d, pick("MM/dd/yyyy", "M/d/yy", "yyyy-MM-dd", "MM/dd/yy")), "");
        b.append(pick(" ", " at ", " @ ", " "));
        String timePattern = pick("HH:mm", "HHmm", "h:mm a");
        b.append(noteTime.format(FORMATTERS.computeIfAbsent(timePattern, p -> DateTimeFormatter.ofPattern(p, Locale.US))));
      }
      default -> b.appendPhi("DATE", format(d, fullOrShortFormat(arg)), dobComment);
    }
  }

  private String fullOrShortFormat(String arg) {
    if (arg.equals("dob")) {
      return pick("MM/dd/yyyy", "M/d/yyyy", "yyyy-MM-dd", "MMMM d, yyyy", "d MMM yyyy", "MM-dd-yyyy", "M/d/yy");
    }
    return pick("MM/dd/yyyy", "M/d/yy", "yyyy-MM-dd", "MMMM d, yyyy", "d MMM yyyy", "M/d", "MMM d", "MMMM d",
        "M-d-yyyy", "MM/dd/yy", "dd-MMM-yyyy", "MMM d, yyyy", "M/d/yyyy", "MMM d yyyy", "EEEE, MMMM d");
  }

  private static final Map<String, DateTimeFormatter> FORMATTERS = new java.util.concurrent.ConcurrentHashMap<>();

  private static String format(LocalDate d, String pattern) {
    String s = d.format(FORMATTERS.computeIfAbsent(pattern, p -> DateTimeFormatter.ofPattern(p, Locale.US)));
    return pattern.equals("dd-MMM-yyyy") ? s.toUpperCase(Locale.ROOT) : s;
  }

  private static String ordinal(int day) {
    String suffix = (day % 100 >= 11 && day % 100 <= 13) ? "th" : switch (day % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return day + suffix;
  }

  private void year(String arg, NoteBuilder b) {
    if (arg.equals("birth")) {
      b.appendPhi("DATE", Integer.toString(birthDate.getYear()), age >= 90 ? PhiAnnotation.AGE_OVER_89 : PhiAnnotation.YEAR_ONLY);
      return;
    }
    int hi = noteDate.getYear() - 1;
    int lo = Math.max(birthDate.getYear() + 12, hi - 15);
    b.appendPhi("DATE", Integer.toString(lo >= hi ? hi : between(lo, hi)), PhiAnnotation.YEAR_ONLY);
  }

  /** The date of a holiday in the year before the note, for tests and for callers who need it. */
  static LocalDate holidayDate(PhraseBank.Holiday h, int year) {
    if (h.nth() == 0) {
      return LocalDate.of(year, h.month(), h.day());
    }
    return LocalDate.of(year, h.month(), 1)
        .with(TemporalAdjusters.dayOfWeekInMonth(h.nth(), DayOfWeek.of(h.weekday())));
  }

  long daysSinceAdmission() {
    return ChronoUnit.DAYS.between(admitDate, noteDate);
  }

  // ---------------------------------------------------------------- contact and identifiers

  private String digits(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + rnd.nextInt(10)));
    }
    return s.toString();
  }

  private String letters(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append((char) ('A' + rnd.nextInt(26)));
    }
    return s.toString();
  }

  private String phone() {
    String area = Integer.toString(between(201, 989));
    String exch = chance(40) ? "555" : Integer.toString(between(201, 989));
    String line = digits(4);
    return switch (rnd.nextInt(8)) {
      case 0 -> "(" + area + ") " + exch + "-" + line;
      case 1 -> area + "-" + exch + "-" + line;
      case 2 -> area + "." + exch + "." + line;
      case 3 -> area + exch + line;
      case 4 -> "+1 " + area + " " + exch + " " + line;
      case 5 -> "1-" + area + "-" + exch + "-" + line;
      case 6 -> "(" + area + ")" + exch + "-" + line;
      default -> area + "-" + exch + "-" + line + pick(" x", " ext. ", " ext ") + between(10, 9999);
    };
  }

  private String email(String role) {
    String local;
    if (!role.isEmpty()) {
      String[] p = person(role.equals("doctor") ? "attending" : role);
      local = (p[0].charAt(0) + p[1]).toLowerCase(Locale.ROOT).replace("'", "").replace(" ", "");
    } else {
      local = switch (rnd.nextInt(4)) {
        case 0 -> (first + "." + last).toLowerCase(Locale.ROOT);
        case 1 -> (first.charAt(0) + last).toLowerCase(Locale.ROOT) + between(1, 99);
        case 2 -> first.toLowerCase(Locale.ROOT) + "_" + between(70, 2005);
        default -> last.toLowerCase(Locale.ROOT) + first.charAt(0);
      };
      local = local.replace("'", "").replace(" ", "");
    }
    return local + "@" + pick(bank.words("email-domains"));
  }

  private String url() {
    String host = hospital.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "");
    return switch (rnd.nextInt(4)) {
      case 0 -> "https://mychart." + host + ".org";
      case 1 -> "www." + host + ".org/patient-portal";
      case 2 -> "https://" + host + ".org/bh/" + letters(3).toLowerCase(Locale.ROOT);
      default -> "http://telehealth." + host + ".net/room/" + digits(5);
    };
  }

  private String ip() {
    if (chance(25)) {
      return "2001:db8:" + Integer.toHexString(between(1, 65535)) + ":" + Integer.toHexString(between(1, 65535))
          + "::" + Integer.toHexString(between(1, 65535));
    }
    return between(10, 223) + "." + between(0, 255) + "." + between(0, 255) + "." + between(1, 254);
  }

  private String ssn() {
    String s = String.format("%03d-%02d-%04d", between(100, 665), between(10, 99), between(1000, 9999));
    return chance(20) ? s.replace("-", "") : s;
  }

  private String mrn() {
    return switch (rnd.nextInt(5)) {
      case 0 -> "00" + digits(5);
      case 1 -> digits(3) + "-" + digits(2) + "-" + digits(2);
      case 2 -> digits(8);
      case 3 -> letters(1) + digits(7);
      default -> digits(7);
    };
  }

  private String healthPlan() {
    return switch (rnd.nextInt(4)) {
      case 0 -> letters(3) + digits(9);
      case 1 -> digits(8) + letters(1);
      case 2 -> letters(1) + digits(8) + "-" + digits(2);
      default -> "W" + digits(9);
    };
  }

  private String license(String kind) {
    return switch (kind.isEmpty() ? pick("dea", "npi", "dl", "state") : kind) {
      case "dea" -> letters(2) + digits(7);
      case "npi" -> "1" + digits(9);
      case "dl" -> letters(1) + digits(3) + "-" + digits(4) + "-" + digits(4);
      default -> "MD" + digits(5);
    };
  }

  private String vin() {
    StringBuilder s = new StringBuilder(17);
    for (int i = 0; i < 17; i++) {
      s.append(VIN_CHARS.charAt(rnd.nextInt(VIN_CHARS.length())));
    }
    return s.toString();
  }

  private String plate() {
    return switch (rnd.nextInt(3)) {
      case 0 -> between(1, 9) + letters(3) + digits(3);
      case 1 -> letters(3) + "-" + digits(4);
      default -> letters(3) + " " + digits(3);
    };
  }

  private String device() {
    return switch (rnd.nextInt(3)) {
      case 0 -> letters(3) + digits(6) + letters(1);
      case 1 -> digits(4) + "-" + digits(4) + "-" + digits(2);
      default -> "SN" + digits(8);
    };
  }

  private String idnum() {
    return switch (rnd.nextInt(3)) {
      case 0 -> letters(2) + "-" + digits(6);
      case 1 -> digits(9);
      default -> "CL" + digits(5);
    };
  }
}
