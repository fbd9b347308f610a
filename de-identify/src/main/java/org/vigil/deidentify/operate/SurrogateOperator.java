package org.vigil.deidentify.operate;

import org.vigil.runtime.secret.KeyedHash;
import org.vigil.deidentify.Ruleset;
import org.vigil.deidentify.recognize.Validator;
import org.vigil.deidentify.recognize.WordList;
import org.vigil.deidentify.text.PhiCategory;
import org.vigil.deidentify.text.PhiSpan;

import java.util.List;
import java.util.Locale;

/**
 * Realistic surrogates, consistent within a patient: each choice is drawn from the keyed HMAC of the patient key
 * and the original word, so "Hope" in any note of a patient becomes the same name, after restarts too, with no
 * state kept. Names map word by word (so "John Smith" and "Smith" stay coherent), dates move by the patient's
 * shift, numbers and codes keep their shape with new characters, ages over 89 become "90+", and ZIP codes keep
 * their first three digits only where Safe Harbor allows it. No surrogate token equals the token it replaces.
 */
public final class SurrogateOperator implements Operator {

    private final KeyedHash hash;
    private final DateShift dates;
    private final WordList firstNames;
    private final WordList surnames;
    private final WordList cities;
    private final WordList genericPlaceWords;
    private final WordList restrictedZip3;
    /** Lower-case first names that are not also surnames: a name word drawn from the first-name pool. */
    private final java.util.Set<String> firstNamesOnly;

    public SurrogateOperator(KeyedHash hash, DateShift dates, Ruleset rules) {
        this.hash = hash;
        this.dates = dates;
        this.firstNames = rules.list("first-names");
        this.surnames = rules.list("surnames");
        this.cities = rules.list("cities");
        this.genericPlaceWords = rules.list("generic-place-words");
        this.restrictedZip3 = rules.list("restricted-zip3");
        java.util.Set<String> only = new java.util.HashSet<>();
        for (String name : firstNames.entries()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!surnames.containsLower(lower)) {
                only.add(lower);
            }
        }
        this.firstNamesOnly = java.util.Set.copyOf(only);
    }

    @Override
    public String replace(PhiSpan span, String original, PatientScope scope) {
        return switch (span.type()) {
            case PATIENT, DOCTOR -> names(original, scope);
            case DATE -> dates.shift(original, scope.shiftDays(), scope.referenceYear()).orElse(PhiCategory.DATE.tag());
            case AGE -> "90+";
            case ZIP -> zip(original);
            case EMAIL -> "user" + hash.hex("email", scope.patientKey(), original.toLowerCase(Locale.ROOT)).substring(0, 8)
                    + "@example.org";
            case URL -> "https://example.org/" + hash.hex("url", scope.patientKey(), original).substring(0, 10);
            case IPADDR -> ip(original, scope);
            case CITY -> words(original, scope, cities, "city");
            case STREET, HOSPITAL, ORGANIZATION, DEPARTMENT, LOCATION_OTHER, COUNTRY, STATE ->
                    words(original, scope, surnames, "place");
            default -> reshape(original, scope, span.type().name());
        };
    }

    /** Each name word becomes a first name or surname from the lexicon, in the original's case. */
    private String names(String original, PatientScope scope) {
        StringBuilder out = new StringBuilder(original.length() + 8);
        int i = 0;
        while (i < original.length()) {
            char c = original.charAt(i);
            if (!Character.isLetter(c)) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < original.length() && (Character.isLetter(original.charAt(j))
                    || ((original.charAt(j) == '\'' || original.charAt(j) == '-') && j + 1 < original.length()
                    && Character.isLetter(original.charAt(j + 1))))) {
                j++;
            }
            String word = original.substring(i, j);
            if (word.length() == 1) {
                out.append(letter(word, scope));
            } else {
                String lower = word.toLowerCase(Locale.ROOT);
                WordList pool = firstNamesOnly.contains(lower) ? firstNames : surnames;
                out.append(DateShift.sameCase(pick(pool, "name", scope, word, lower), word));
            }
            i = j;
        }
        return out.toString();
    }

    private String letter(String initial, PatientScope scope) {
        long h = hash.number("initial", scope.patientKey(), initial.toLowerCase(Locale.ROOT));
        char c = (char) ('A' + h % 26);
        if (Character.toUpperCase(initial.charAt(0)) == c) {
            c = (char) ('A' + (h + 1) % 26);
        }
        return Character.isLowerCase(initial.charAt(0)) ? String.valueOf(Character.toLowerCase(c)) : String.valueOf(c);
    }

    /** Capitalised words of a place name become surrogates; generic words ("Hospital", "Street") stay. */
    private String words(String original, PatientScope scope, WordList pool, String domain) {
        StringBuilder out = new StringBuilder(original.length() + 8);
        int i = 0;
        while (i < original.length()) {
            char c = original.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < original.length() && (Character.isLetterOrDigit(original.charAt(j)) || original.charAt(j) == '\'')) {
                j++;
            }
            String word = original.substring(i, j);
            String lower = word.toLowerCase(Locale.ROOT);
            if (genericPlaceWords.containsLower(lower)) {
                out.append(word);
            } else if (Character.isDigit(word.charAt(0))) {
                out.append(reshape(word, scope, domain));
            } else {
                String pick = pick(pool, domain, scope, word, lower);
                out.append(sameCaseWords(pick, word));
            }
            i = j;
        }
        return out.toString();
    }

    private static String sameCaseWords(String pick, String like) {
        StringBuilder b = new StringBuilder();
        for (String part : pick.split(" ")) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(DateShift.sameCase(part, like));
        }
        return b.toString();
    }

    private String pick(WordList pool, String domain, PatientScope scope, String word, String lower) {
        List<String> entries = pool.entries();
        long h = hash.number(domain, scope.patientKey(), lower);
        for (int attempt = 0; attempt < 4; attempt++) {
            String candidate = entries.get((int) ((h + attempt) % entries.size()));
            if (!candidate.equalsIgnoreCase(word)) {
                return candidate;
            }
        }
        return entries.get((int) ((h + 5) % entries.size()));
    }

    /** ZIP: first three digits kept unless the 3-digit area holds 20,000 people or fewer (Safe Harbor). */
    private String zip(String original) {
        String digits = Validator.digitsOf(original);
        if (digits.length() < 5) {
            return "00000";
        }
        String prefix = digits.substring(0, 3);
        return restrictedZip3.contains(prefix) ? "00000" : prefix + "00";
    }

    private String ip(String original, PatientScope scope) {
        byte[] h = hash.hmac("ip", scope.patientKey(), original);
        if (original.indexOf(':') >= 0) {
            return String.format(Locale.ROOT, "2001:db8::%02x%02x:%02x%02x", h[0], h[1], h[2], h[3]);
        }
        return "10." + (h[0] & 0xff) + "." + (h[1] & 0xff) + "." + (1 + (h[2] & 0xff) % 254);
    }

    /**
     * Same shape, new characters: digits for digits, letters for letters, punctuation kept. Every token of the
     * result differs from the original's token (else a reader could match them).
     */
    String reshape(String original, PatientScope scope, String domain) {
        byte[] stream = hash.hmac("shape", scope.patientKey(), domain, original);
        StringBuilder out = new StringBuilder(original.length());
        int counter = 0;
        for (int i = 0; i < original.length(); i++) {
            char c = original.charAt(i);
            if (i > 0 && i % 32 == 0) {
                stream = hash.hmac("shape", scope.patientKey(), domain, original, String.valueOf(++counter));
            }
            int r = stream[i % 32] & 0xff;
            if (Character.isDigit(c)) {
                out.append((char) ('0' + r % 10));
            } else if (Character.isUpperCase(c)) {
                out.append((char) ('A' + r % 26));
            } else if (Character.isLowerCase(c)) {
                out.append((char) ('a' + r % 26));
            } else {
                out.append(c);
            }
        }
        return differingTokens(original, out);
    }

    private static String differingTokens(String original, StringBuilder out) {
        int i = 0;
        while (i < original.length()) {
            if (!Character.isLetterOrDigit(original.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < original.length() && Character.isLetterOrDigit(original.charAt(j))) {
                j++;
            }
            if (original.regionMatches(true, i, out.toString(), i, j - i)) {
                char c = out.charAt(i);
                out.setCharAt(i, Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10)
                        : Character.isUpperCase(c) ? (char) ('A' + (c - 'A' + 1) % 26) : (char) ('a' + (c - 'a' + 1) % 26));
            }
            i = j;
        }
        return out.toString();
    }
}
