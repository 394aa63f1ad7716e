package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// params is the repeatable --param NAME=VALUE flag. Set never fails, so
// that the flag package never prints a value (it may be a code): problems
// are kept and reported, without the value, after parsing.
type params struct {
	values  map[string]string
	problem string
}

func (p *params) String() string { return "" }

func (p *params) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	switch {
	case !ok || name == "":
		p.fail("--param needs NAME=VALUE")
	case hasKey(p.values, name):
		p.fail("--param " + quoteName(name) + " is given twice")
	default:
		if p.values == nil {
			p.values = map[string]string{}
		}
		p.values[name] = value
	}
	return nil
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

func (p *params) fail(problem string) {
	if p.problem == "" {
		p.problem = problem
	}
}

// newFlagSet returns a flag set whose own messages go nowhere: parse
// prints them, without values.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("smskit "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// errHelp is returned by parse when --help was asked for and printed.
var errHelp = errors.New("help")

// parse parses args into fs. On --help it prints help to stdout and returns
// errHelp; on a bad flag it prints what is wrong, without the value given,
// and a hint to stderr.
func parse(fs *flag.FlagSet, args []string, e env, help string) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, help)
		return errHelp
	case err != nil:
		fmt.Fprintf(e.stderr, "%s: %s\nRun \"%s --help\" for usage.\n", fs.Name(), flagProblem(err), fs.Name())
		return err
	case fs.NArg() > 0:
		fmt.Fprintf(e.stderr, "%s: unexpected argument(s) after the flags; every value goes right after its flag\nRun \"%s --help\" for usage.\n", fs.Name(), fs.Name())
		return errors.New("arguments")
	}
	return nil
}

// flagProblem describes a flag package error without the value it quotes.
func flagProblem(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, " for flag "); ok && strings.HasPrefix(msg, "invalid ") {
		name, _, _ := strings.Cut(after, ":")
		return "invalid value for flag " + name
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown flag " + quoteName(name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "flag " + name + " needs a value"
	}
	return "bad flags"
}

// quoteName quotes s when it is short enough to be a name the user typed,
// and otherwise withholds it: it may be a secret in the wrong place.
func quoteName(s string) string {
	if len(s) > 24 {
		return "(a long argument, not shown)"
	}
	return strconv.Quote(s)
}
