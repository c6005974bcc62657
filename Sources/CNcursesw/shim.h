// SwiftPM drops pkg-config's -D flags, so wide-char curses must be asked for here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift cannot import C macros with casts, nor (in Swift 6) mutable C globals:
// these wrappers are the only way the backend reaches them.

static inline WINDOW *kh_stdscr(void) { return stdscr; }
static inline int kh_lines(void) { return LINES; }
static inline int kh_cols(void) { return COLS; }
static inline int kh_colors(void) { return COLORS; }
static inline int kh_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t kh_a_normal(void) { return A_NORMAL; }
static inline attr_t kh_a_bold(void) { return A_BOLD; }
static inline attr_t kh_a_dim(void) { return A_DIM; }
static inline attr_t kh_a_reverse(void) { return A_REVERSE; }
static inline attr_t kh_a_underline(void) { return A_UNDERLINE; }

static inline mmask_t kh_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t kh_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t kh_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t kh_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t kh_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t kh_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t kh_button5_pressed(void) { return 0; }
#endif

/// Writes one cell: `text` is a NUL-terminated wide string holding one
/// spacing character and any combining marks; `pair` is an extended pair
/// (ncurses 6 passes pairs above 255 through the `opts` pointer).
static inline int kh_put_cell(WINDOW *win, int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    int extended = pair;
    if (setcchar(&cell, text, attrs, (short)(pair > 32767 ? 0 : pair), &extended) == ERR) {
        return ERR;
    }
    return mvwadd_wch(win, y, x, &cell);
}

/// Reads the characters of a cell back (for headless tests of the backend).
static inline int kh_read_cell(WINDOW *win, int y, int x, wchar_t *out, int capacity) {
    return mvwinnwstr(win, y, x, out, capacity);
}

/// Columns a wide character takes (glibc hides wcwidth without _XOPEN_SOURCE in Swift's view).
static inline int kh_wcwidth(wchar_t c) { return wcwidth(c); }

#include <sys/ioctl.h>
/// The terminal's size from the kernel (after SIGWINCH); 0 on success.
static inline int kh_window_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}
