import ArgumentParser

/// `--color auto|always|never`, the same option in every command that colours its output (`view`, `tour`,
/// `print`, `explain`).
struct ColorOption: ParsableArguments {
    @Option(help: "Colours: auto (when the output is a terminal and NO_COLOR is unset), always or never.")
    var color: ColorChoice = .auto
}

/// What `--color` may say.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

/// How a picture is drawn, shared by the commands that draw one on a terminal's cells (`view`, `tour`,
/// `print`): colours and glyphs.
///
/// What the picture shows is `PictureFilters`.
struct DisplayOptions: ParsableArguments {
    @OptionGroup var colorOption: ColorOption
    var color: ColorChoice { colorOption.color }

    @Flag(help: "Draw with ASCII only (+-|), for terminals or fonts without box drawing.")
    var ascii = false
}
