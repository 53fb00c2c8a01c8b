package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// definedFlag matches a flag in the defaults -h prints ("  -db string").
var definedFlag = regexp.MustCompile(`(?m)^  -([a-z][a-z0-9-]*)`)

// namedFlag matches a flag a usage line names ("--db", "[--date …]").
var namedFlag = regexp.MustCompile(`--([a-z][a-z0-9-]*)`)

// TestUsageLinesNameEveryFlag: the usage line of every command, in the
// help's list and in the line "-h" and a mistake print, names every flag
// the command takes, and no flag it does not take.
func TestUsageLinesNameEveryFlag(t *testing.T) {
	// Commands with subcommands list them; each subcommand's own line is
	// checked below.
	subcommands := map[string][]string{
		"taakvelden": {"list", "import"},
		"bank":       {"import"},
		"user":       {"create", "mail", "list"},
		"token":      {"create", "list", "revoke"},
	}
	check := func(t *testing.T, args []string, listed string) {
		t.Helper()
		out := wantRun(t, 0, append(args, "-h")...)
		line, _, _ := strings.Cut(out, "\n")
		prefix := "usage: ontschot " + strings.Join(args, " ")
		if !strings.HasPrefix(line, prefix) {
			t.Fatalf("ontschot %s -h starts with %q; want %q", strings.Join(args, " "), line, prefix)
		}
		var defined []string
		for _, m := range definedFlag.FindAllStringSubmatch(out, -1) {
			defined = append(defined, m[1])
		}
		lines := map[string]string{"-h": strings.TrimPrefix(line, prefix)}
		if listed != "" {
			lines["help"] = listed
		}
		for where, usage := range lines {
			var named []string
			for _, m := range namedFlag.FindAllStringSubmatch(usage, -1) {
				named = append(named, m[1])
			}
			for _, f := range defined {
				if !slices.Contains(named, f) {
					t.Errorf("ontschot %s: the usage line of %s (%q) lacks --%s", strings.Join(args, " "), where, usage, f)
				}
			}
			for _, f := range named {
				if !slices.Contains(defined, f) {
					t.Errorf("ontschot %s: the usage line of %s (%q) names --%s, which it does not take", strings.Join(args, " "), where, usage, f)
				}
			}
		}
	}
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			if subs, ok := subcommands[c.name]; ok {
				for _, sub := range subs {
					if !strings.Contains(c.args, sub) {
						t.Errorf("the help's line of %s (%q) does not name %s", c.name, c.args, sub)
					}
					check(t, []string{c.name, sub}, "")
				}
				return
			}
			check(t, []string{c.name}, c.args)
		})
	}
}
