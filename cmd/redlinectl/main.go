// Command redlinectl is Redline's headless companion: it checks and
// exercises plan files, exports them and generates synthetic plans. It is
// pure Go and needs no display.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Exit codes of every command.
const (
	exitOK       = 0
	exitFindings = 1 // check: findings over the bar
	exitBadInput = 2 // unreadable or malformed input, bad usage
)

// cli carries a command's streams so tests can run it in-process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// now is the clock that dates summaries; tests fix it.
	now func() time.Time
}

type command struct {
	name    string
	summary string
	run     func(c *cli, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"check", "check a plan against its constraint profile", (*cli).check},
		{"exercise", "play a plan's injects and show what fires; write an after-action report", (*cli).exercise},
		{"score", "grade how credible each red line is, factor by factor, under stress tests", (*cli).score},
		{"export", "write a plan as a PDF/Markdown/HTML summary, CSV matrix, XLSX workbook or JSON", (*cli).export},
		{"gen", "write a synthetic valid plan of a given size", (*cli).gen},
		{"import", "store plan files (JSON or XLSX) in the Redline database", (*cli).importPlans},
		{"list", "list the stored plans", (*cli).list},
		{"revisions", "list the saved revisions of a stored plan", (*cli).revisions},
		{"diff", "say what changed between two plans or two revisions, in words", (*cli).diff},
		{"delete", "move stored plans to the trash", (*cli).deletePlans},
		{"restore", "bring plans back from the trash", (*cli).restorePlans},
		{"copy", "copy plans with their history and runs to another database", (*cli).copyPlans},
		{"backup", "write a consistent copy of the database", (*cli).backup},
		{"verify", "check the database's integrity", (*cli).verify},
	}
}

func main() {
	c := &cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: time.Now}
	os.Exit(c.main(os.Args[1:]))
}

func (c *cli) main(args []string) int {
	if len(args) == 0 {
		c.usage(c.stderr)
		return exitBadInput
	}
	name := args[0]
	switch name {
	case "-h", "--help", "help":
		if len(args) > 1 {
			return c.main([]string{args[1], "--help"})
		}
		c.usage(c.stdout)
		return exitOK
	}
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd.run(c, args[1:])
		}
	}
	fmt.Fprintf(c.stderr, "redlinectl: unknown command %q\n\n", name)
	c.usage(c.stderr)
	return exitBadInput
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: redlinectl COMMAND [options] [PLAN]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "PLAN is a redline-plan/v1 file, or - for standard input.")
	fmt.Fprintln(w, "Run 'redlinectl COMMAND --help' for a command's options.")
	fmt.Fprintln(w, "Exit codes: 0 fine, 1 findings over the bar (check), 2 unreadable or malformed input.")
}

// flags is a command's flag set whose options may stand before or after the
// positional arguments.
type flags struct {
	*flag.FlagSet
	c     *cli
	usage string // "check [--format text|json] PLAN"
	about string
}

func (c *cli) newFlags(usage, about string) *flags {
	name, _, _ := strings.Cut(usage, " ")
	f := &flags{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), c: c, usage: usage, about: about}
	f.SetOutput(io.Discard)
	return f
}

func (f *flags) printHelp(w io.Writer) {
	fmt.Fprintf(w, "Usage: redlinectl %s\n\n%s\n", f.usage, f.about)
	var opts strings.Builder
	f.SetOutput(&opts)
	f.PrintDefaults()
	f.SetOutput(io.Discard)
	if opts.Len() > 0 {
		fmt.Fprintf(w, "\nOptions:\n%s", opts.String())
	}
}

// parse parses flags and positionals in any order. It returns the
// positionals, or an exit code when parsing ended the command (help: 0,
// errors: 2).
func (f *flags) parse(args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.printHelp(f.c.stdout)
				return nil, exitOK, false
			}
			fmt.Fprintf(f.c.stderr, "redlinectl %s: %v\n\n", f.Name(), err)
			f.printHelp(f.c.stderr)
			return nil, exitBadInput, false
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// one expects exactly one positional argument, the plan.
func (f *flags) one(pos []string, what string) (string, int, bool) {
	if len(pos) != 1 {
		if len(pos) == 0 {
			fmt.Fprintf(f.c.stderr, "redlinectl %s: missing %s (a file, or - for standard input)\n\n", f.Name(), what)
		} else {
			fmt.Fprintf(f.c.stderr, "redlinectl %s: want one %s, got %d arguments: %s\n\n", f.Name(), what, len(pos), strings.Join(pos, " "))
		}
		f.printHelp(f.c.stderr)
		return "", exitBadInput, false
	}
	return pos[0], 0, true
}

// fail reports an error of the input and returns exit code 2. Control
// characters in the message (a value quoted from the input) are escaped.
func (c *cli) fail(cmd string, err error) int {
	fmt.Fprintf(c.stderr, "redlinectl %s: %s\n", cmd, indentLines(termLines(err.Error())))
	return exitBadInput
}

// warn reports something the user should know about output that was
// written all the same; the exit code does not change.
func (c *cli) warn(cmd, msg string) {
	fmt.Fprintf(c.stderr, "redlinectl %s: warning: %s\n", cmd, termText(msg))
}

// indentLines keeps a multi-line message readable after a prefix.
func indentLines(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	return "\n  " + strings.ReplaceAll(s, "\n", "\n  ")
}
