package org.vigil.deidentify;

import org.junit.jupiter.api.Test;

class Probe {
    @Test
    void probe() {
        for (String s : new String[] {
                "now on buprenorphine via Dr.\nSmith-Jones. AUD in sustained remission",
                "Seen by Dr. O'Brien and Dr.\nMcDonald-Reyes today.",
                "lives in an assisted living facility in\nGallup. His grandmother visits",
                "Born in 1957 in Hope; raised by her daughter. Hope is important.",
                "TRANSFER TO EASTGATE COMMUNITY CLINIC INPATIENT PSYCHIATRY (ADDICTION MEDICINE CONSULT SERVICE) UNDER INVOLUNTARY HOLD. MR. WALKER IS A 96 YR OLD MAN SEEN ON THU 12/5 AT PINE RIDGE PSYCHIATRIC HOSPITAL. SEEN IN PSYCHIATRIC EMERGENCY SERVICE. PT WAS SEEN BY THE CONSULT SERVICE TODAY.",
        }) {
            System.out.println("PROBE all=" + Found.in(s));
        }
    }
}
