import CNcursesw
import CellCanvas
import TerminalText

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The one object that talks to curses: opens the screen on /dev/tty (so keys
/// work while stdin is a pipe, as in `less`), copies changed cells of a
/// `Buffer`, reads keys, mouse and resizes, and restores the terminal.
///
/// Used from one thread only: ncurses is not thread-safe. The tty is opened close-on-exec so that kubectl and other
/// children never inherit it.
public final class CursesTerminal {
    private var screen: OpaquePointer?
    private var tty: UnsafeMutablePointer<FILE>?
    private let window: UnsafeMutablePointer<WINDOW>
    public let colorDepth: ColorDepth
    /// The last frame written, to send only the cells that changed.
    private var previous: Buffer?
    private var pairs: [PairKey: Int32] = [:]
    private var isOpen = true

    private struct PairKey: Hashable { var foreground: Int32; var background: Int32 }

    /// The terminal's file descriptor, for the loop's `poll`.
    public let inputDescriptor: Int32

    /// Call `SignalTrap.install` first.
    public convenience init(options: TerminalOptions) throws(TerminalError) {
        try TerminalEnvironment.checkTerm(options.environment["TERM"])
        guard let tty = fopen("/dev/tty", "r+e") else {
            let reason = errno == ENXIO ? "no controlling terminal" : String(cString: strerror(errno))
            throw .noTerminal(reason: "/dev/tty: \(reason)")
        }
        try self.init(tty: tty, term: nil, options: options)
    }

    /// A virtual 80×24 xterm drawing into /dev/null, read back with
    /// `text(row:)`: lets tests check what `draw` leaves on the screen.
    static func headless(options: TerminalOptions) throws(TerminalError) -> CursesTerminal {
        use_env(false)
        guard let null = fopen("/dev/null", "r+e") else { throw .system("cannot open /dev/null") }
        return try CursesTerminal(tty: null, term: "xterm-256color", options: options)
    }

    private init(tty: UnsafeMutablePointer<FILE>, term: String?, options: TerminalOptions) throws(TerminalError) {
        guard let screen = newterm(term, tty, tty) else {
            fclose(tty)
            throw .unknownTerminal(term: term ?? options.environment["TERM"] ?? "")
        }
        set_term(screen)
        guard let window = kh_stdscr() else {
            endwin(); delscreen(screen); fclose(tty)
            throw .system("curses did not create a screen")
        }
        self.screen = screen
        self.tty = tty
        self.window = window
        self.inputDescriptor = fileno(tty)

        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        curs_set(0)
        set_escdelay(25)
        // Reads never block: the loop waits in poll() on the tty and its wake pipe.
        wtimeout(window, 0)
        mouseinterval(0)
        mousemask(kh_button1_pressed() | kh_button1_released() | kh_button4_pressed() | kh_button5_pressed(), nil)

        var depth = ColorDepth.none
        if options.wantsColor, has_colors() {
            start_color()
            use_default_colors()
            depth = ColorDepth(colors: Int(kh_colors()), wanted: true)
        }
        colorDepth = depth
    }

    deinit { restore() }

    /// Gives the terminal back (idempotent): call before printing any message.
    public func restore() {
        guard isOpen else { return }
        isOpen = false
        endwin()
        if let screen { delscreen(screen) }
        if let tty { fclose(tty) }
        screen = nil
        tty = nil
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Copies `buffer` to the screen, writing only cells that differ from the
    /// previous frame; ncurses' refresh then sends the fewest bytes.
    public func draw(_ buffer: Buffer) {
        guard isOpen else { return }
        let (width, height) = size
        let full = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if full { werase(window) }
        let columns = min(width, buffer.width)
        let rows = min(height, buffer.height)
        for y in 0..<rows {
            // Most rows are as they were (a playing flow moves a packet over a still picture): one comparison of
            // the row's cells skips them, where the cell by cell check below was a third of each frame.
            if !full, let previous, Self.sameRow(y, of: buffer, as: previous) { continue }
            for x in 0..<columns {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                if !full, let previous, previous[x, y] == cell,
                    previous[x + 1, y].isContinuation == buffer[x + 1, y].isContinuation
                {
                    continue
                }
                if full, cell == .blank { continue }
                put(cell, x: x, y: y, lastColumn: x == columns - 1)
            }
        }
        previous = buffer
        wnoutrefresh(window)
        doupdate()
    }

    /// Whether row `y` holds the same cells in both buffers (of the same width).
    static func sameRow(_ y: Int, of buffer: Buffer, as previous: Buffer) -> Bool {
        let start = y * buffer.width
        return buffer.cells[start..<start + buffer.width] == previous.cells[start..<start + buffer.width]
    }

    /// Forces the next `draw` to repaint everything (after a resize or Ctrl-L).
    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    private func put(_ cell: Cell, x: Int, y: Int, lastColumn: Bool) {
        var characters = Self.wideCharacters(cell.grapheme)
        // A wide character cannot start in the last column: show a blank there.
        if lastColumn, Self.isWide(characters.first) { characters = [wchar_t(32), 0] }
        let attributes = attributes(cell.style.attributes)
        let pair = pair(for: cell.style)
        _ = characters.withUnsafeBufferPointer { pointer in
            kh_put_cell(window, Int32(y), Int32(x), pointer.baseAddress, attributes, pair)
        }
    }

    /// The grapheme as a NUL-terminated wide string with control characters
    /// replaced: input text must never reach the terminal raw.
    static func wideCharacters(_ grapheme: String) -> [wchar_t] {
        var result: [wchar_t] = []
        for scalar in grapheme.unicodeScalars {
            let value = scalar.value
            let safe = ControlScalars.isForbidden(value) ? 0xFFFD : value
            result.append(wchar_t(bitPattern: safe))
            if result.count == 4 { break }
        }
        if result.isEmpty { result.append(wchar_t(32)) }
        result.append(0)
        return result
    }

    private static func isWide(_ character: wchar_t?) -> Bool {
        guard let character, character > 0 else { return false }
        return kh_wcwidth(character) > 1
    }

    private func attributes(_ attributes: Attributes) -> attr_t {
        var result = kh_a_normal()
        if attributes.contains(.bold) { result |= kh_a_bold() }
        if attributes.contains(.dim) { result |= kh_a_dim() }
        if attributes.contains(.reverse) { result |= kh_a_reverse() }
        if attributes.contains(.underline) { result |= kh_a_underline() }
        return result
    }

    private func pair(for style: Style) -> Int32 {
        guard colorDepth != .none else { return 0 }
        let key = PairKey(
            foreground: colorDepth.cursesColor(style.foreground),
            background: colorDepth.cursesColor(style.background))
        if key.foreground == -1, key.background == -1 { return 0 }
        if let known = pairs[key] { return known }
        // alloc_pair (ncurses 6.1) reuses the least recently used pair when all are taken.
        let allocated = alloc_pair(key.foreground, key.background)
        let pair = allocated < 0 ? 0 : allocated
        pairs[key] = pair
        return pair
    }

    /// The next event waiting now, without blocking; nil when there is none.
    ///
    /// One at a time, so that keys typed after `q` stay in the terminal for the shell.
    public func nextEvent() -> TerminalEvent? {
        guard isOpen else { return nil }
        if SignalTrap.takeResize() {
            var rows: Int32 = 0, columns: Int32 = 0
            if kh_window_size(inputDescriptor, &rows, &columns) == 0 { resizeterm(rows, columns) }
            invalidate()
            let (width, height) = size
            return .resize(width: width, height: height)
        }
        // Skip codes that mean nothing to us (unknown function keys, mouse noise).
        for _ in 0..<64 {
            var character: wint_t = 0
            let status = wget_wch(window, &character)
            if status == ERR { return nil }
            if status == KEY_CODE_YES {
                if let event = functionKeyEvent(Int32(character)) { return event }
            } else if character == 27 {
                if swallowedEscapeSequence() { continue }
                return .key(.escape)
            } else if let event = Self.characterEvent(UInt32(character)) {
                return event
            }
        }
        return nil
    }

    /// After ESC (ncurses has already waited ESCDELAY for a known key): bytes
    /// that are already there mean Alt+key or a sequence curses does not know
    /// (a paste bracket, a function key missing from terminfo).
    ///
    /// They are dropped whole, so they neither quit the view (lone Esc quits) nor arrive as stray letters.
    private func swallowedEscapeSequence() -> Bool {
        var next: wint_t = 0
        let status = wget_wch(window, &next)
        if status == ERR { return false }
        guard status == OK, next == 0x5B || next == 0x4F else { return true }  // `[` (CSI) or `O` (SS3)
        for _ in 0..<32 {
            var byte: wint_t = 0
            guard wget_wch(window, &byte) == OK else { break }
            // A CSI ends with a byte in @…~; SS3 with any one character.
            if next == 0x4F || (0x40...0x7E).contains(byte) { break }
        }
        return true
    }

    private func functionKeyEvent(_ code: Int32) -> TerminalEvent? {
        switch code {
        case KEY_RESIZE:
            invalidate()
            let (width, height) = size
            return .resize(width: width, height: height)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = event.bstate
            let action: MouseEvent.Action
            if state & kh_button4_pressed() != 0 {
                action = .wheelUp
            } else if kh_button5_pressed() != 0, state & kh_button5_pressed() != 0 {
                action = .wheelDown
            } else if state & (kh_button1_pressed() | kh_button1_clicked() | kh_button1_double_clicked()) != 0 {
                // Before release: a quick click can come as one event holding both.
                action = .press
            } else if state & kh_button1_released() != 0 {
                action = .release
            } else {
                return nil
            }
            return .mouse(MouseEvent(x: Int(event.x), y: Int(event.y), action: action))
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_F0...(KEY_F0 + 63): return .key(.function(Int(code - KEY_F0)))
        default: return nil
        }
    }

    static func characterEvent(_ value: UInt32) -> TerminalEvent? {
        switch value {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }
}

extension CursesTerminal {
    /// The characters curses holds for `row` (what the terminal shows after a refresh).
    func text(row: Int) -> String {
        var characters = [wchar_t](repeating: 0, count: 1024)
        let count = kh_read_cell(window, Int32(row), 0, &characters, Int32(characters.count - 1))
        guard count > 0 else { return "" }
        return String(
            String.UnicodeScalarView(
                characters.prefix(Int(count)).compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }))
    }

    /// Sleeps until the terminal has input, `wake` is signalled, or
    /// `timeoutMilliseconds` pass (-1: no timeout, the idle case, no CPU used).
    ///
    /// Returns false when the terminal is gone (hung up): the caller must end.
    public func wait(timeoutMilliseconds: Int32, wake: WakePipe) -> Bool {
        var descriptors = [
            pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        // EINTR (a signal, SIGWINCH included) simply ends the wait.
        _ = poll(&descriptors, 2, timeoutMilliseconds)
        if descriptors.last.map({ $0.revents != 0 }) ?? false { wake.drain() }
        // The terminal closed (window or tmux server killed): without this check
        // poll would return at once forever and the orphan would spin.
        let terminal = descriptors.first?.revents ?? 0
        return terminal & Int16(POLLHUP | POLLERR | POLLNVAL) == 0
    }
}
