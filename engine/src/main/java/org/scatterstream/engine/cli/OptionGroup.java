package org.scatterstream.engine.cli;

import java.util.List;

/** Options shown together under a heading in help text. */
record OptionGroup(String title, List<Option> options) {

    static OptionGroup of(String title, Option... options) {
        return new OptionGroup(title, List.of(options));
    }
}
