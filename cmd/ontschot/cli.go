package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/ontschot/ontschot/ledger"
	"github.com/ontschot/ontschot/ledger/storage"
)

// version is set by the Makefile (-ldflags "-X main.version=…").
var version = "dev"

// Main is the program: its subcommands, where they write, and the clock. It
// is a type so tests run the real program in-process.
type Main struct {
	// Stdin is read by commands that take input there; default os.Stdin.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Now is the clock the stores use.
	Now func() time.Time
	// Logger receives internal errors with detail (JSON to stderr).
	Logger *slog.Logger

	closers []io.Closer
	// afterCommit is given to the stores opened: the checkpoint log of serve.
	afterCommit func(ledger.Checkpoint)
}

// asOf is the clock of the command: time.Now, unless a benchmark build
// moves it (asof.go).
var asOf = time.Now

// NewMain returns a Main writing to the process's stdout and stderr.
func NewMain() *Main {
	return &Main{
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Now:    asOf,
		Logger: slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
}

// command is one subcommand.
type command struct {
	name    string
	args    string
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
}

// commands lists the subcommands in the order "help" shows them.
func commands() []command {
	return []command{
		{"init", "--db DB", "create an empty ledger file (or bring its schema up to date)", (*Main).runInit},
		{"demo", "--db DB [--payouts N]", "fill a new ledger file with realistic demo data (--payouts: a large one, for load tests)", (*Main).runDemo},
		{"pots", "--db DB", "show every pot's balance, and what each partner pledged and paid", (*Main).runPots},
		{"verify", "--db DB [--full] [--checkpoint SEQ:HASH]... [--checkpoint-log FILE]", "verify what was appended since the last verification (--full: the whole journal) and check the checkpoints; exit status 1 and the broken transaction named if it does not fit", (*Main).runVerify},
		{"backup", "--db FILE --to FILE", "write a consistent, verified copy of the ledger while the service runs", (*Main).runBackup},
		{"copy", "--from DSN --to DSN", "copy a whole ledger into a new one of either engine (an SQLite file, a postgres:// URL) and check the copy", (*Main).runCopy},
		{"allocations", "--db DB [--pot ID] [--limit N]", "finance's queue: unallocated payouts by age, with the suggested allocation", (*Main).runAllocations},
		{"regret", "--db DB [--pot ID] [--year Y]", "each pot's regret ratio against its threshold, and by category", (*Main).runRegret},
		{"signals", "--db DB [--threshold N]", "signals for policy: what was met in three cases or more in twelve months", (*Main).runSignals},
		{"bank", bankUsage, "import the bank's answer (camt.053, camt.054, pain.002): settles and returns the payouts it names", (*Main).runBank},
		{"taakvelden", "list|import --db FILE [FILE.csv]", "show the Iv3 code list, or replace it with a newer one", (*Main).runTaakvelden},
		{"statement", "--db DB --pot ID --quarter 2026-Q3 [--format pdf|csv|json] [--csv-dialect standard|dutch] [--partner ID] --out FILE", "one pot's quarterly statement for its partners (PDF, CSV or JSON)", (*Main).runStatement},
		{"statements", "--db DB --quarter 2026-Q3 [--csv-dialect standard|dutch] --out DIR", "every pot's statements of a quarter, for the municipality and each partner", (*Main).runStatements},
		{"finance-view", "--db DB --period 2026-Q3 [--pot ID] [--format pdf|csv|json] [--csv-dialect standard|dutch] --out FILE", "costs by legal budget, Iv3 taakveld and economic category (PDF, CSV or JSON)", (*Main).runFinanceView},
		{"legitimacy", "--db DB --period 2026-Q3 [--pot ID] [--format pdf|csv|json] [--csv-dialect standard|dutch] --out FILE", "the legitimacy report for auditors and the alderman (PDF, CSV or JSON)", (*Main).runLegitimacy},
		{"debtor", "--db DB --pot ID --name NAME --iban IBAN --bic BIC --town TOWN [--country NL]", "set the bank account a pot pays from", (*Main).runDebtor},
		{"pay", "--db DB --out FILE [--pot ID] [--date YYYY-MM-DD] [--batch BAT-…]", "pay the approved payouts: book them and write the SEPA pain.001 file (none to pay: says so, exit 0)", (*Main).runPay},
		{"serve", serveUsage, "serve the HTTP API (and, with TLS flags, over HTTPS)", (*Main).runServe},
		{"user", "create|mail|list --db FILE …", "create a web account with a password (printed as the last line), set where its notifications are mailed, or list accounts", (*Main).runUser},
		{"token", "create|list|revoke --db FILE …", "create an API token (printed as the last line), list or revoke tokens", (*Main).runToken},
		{"loadgen", loadgenUsage, "drive concurrent payout requests at a server and report throughput and latency", (*Main).runLoadgen},
		{"readbench", "(--db DB | --url URL [--pid PID] --tokens FILE) [--password P] [--runs N] [--mixed D] [--mixed-clients N] [--heavy D] [--heavy-clients N] [--timeout D]", "measure every page and report read of a demo ledger, and the server's memory: a Markdown table", (*Main).runReadbench},
		{"version", "", "print the version", (*Main).runVersion},
	}
}

// Run runs the subcommand named by args[0] and returns the exit status:
// 0 on success, 1 when the work found a problem or failed, 2 for a wrong
// command line.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage(m.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(m, ctx, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(usageError)):
			fmt.Fprintf(m.Stderr, "ontschot %s: %s\nusage: ontschot %s %s\n", c.name, err, c.name, c.args)
			return 2
		case errors.Is(err, errProblemFound):
			return 1
		default:
			fmt.Fprintf(m.Stderr, "ontschot %s: %s\n", c.name, m.message(err))
			return 1
		}
	}
	fmt.Fprintf(m.Stderr, "ontschot: %q is not a command; run \"ontschot help\" for the list\n", args[0])
	return 2
}

// message returns what to tell the user about err: the sentence of a domain
// error, or for anything else the error text (the CLI runs on the
// operator's own machine; the detail helps them and reaches nobody else).
func (m *Main) message(err error) string {
	var le *ledger.Error
	if errors.As(err, &le) {
		return le.Error()
	}
	return err.Error()
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprintf(w, "ontschot %s: the ledger of maatwerk pots\n\nusage: ontschot COMMAND [FLAGS]\n\n", version)
	for _, c := range commands() {
		if len(c.args) > 40 {
			// A long usage line (every flag is named) keeps its summary
			// on the next line rather than pushing it off the screen.
			fmt.Fprintf(w, "  %-12s %s\n  %-12s %-40s %s\n", c.name, c.args, "", "", c.summary)
			continue
		}
		fmt.Fprintf(w, "  %-12s %-40s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"ontschot COMMAND -h\" for a command's flags.\n")
}

// Close releases what the subcommands opened.
func (m *Main) Close() error {
	var errs []error
	for i := len(m.closers) - 1; i >= 0; i-- {
		errs = append(errs, m.closers[i].Close())
	}
	m.closers = nil
	return errors.Join(errs...)
}

// usageError is a mistake on the command line.
type usageError string

// Error returns the mistake.
func (e usageError) Error() string { return string(e) }

// errProblemFound means the command found a problem it has already reported
// (verify: the journal does not fit).
var errProblemFound = errors.New("problem found")

// flags returns a flag set for a subcommand. It says nothing itself: a
// mistake is reported once, by Run, and -h prints the usage (see parse).
func (m *Main) flags(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet("ontschot "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	help := func() {
		fmt.Fprintf(m.Stderr, "usage: ontschot %s %s\n", name, args)
		fs.SetOutput(m.Stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	helps.Store(fs, help)
	return fs
}

// helps holds each flag set's help until parse: printed for -h.
var helps sync.Map // *flag.FlagSet -> func()

// parse parses a subcommand's flags and refuses stray arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := parseWithArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	return nil
}

// parseWithArgs parses a subcommand's flags and leaves the arguments after
// them in fs.Args(), for a command that takes some: -h prints the usage
// and a mistake is a usageError, as with parse.
func parseWithArgs(fs *flag.FlagSet, args []string) error {
	help, _ := helps.LoadAndDelete(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			if help != nil {
				help.(func())()
			}
			return err
		}
		return usageError(err.Error())
	}
	return nil
}

// parseFileAndFlags parses the flags of a command that takes one file,
// named before or after them, and returns the file; missing says what to
// name when there is none. Errors: usage errors (as parseWithArgs), an
// argument more than the file.
func parseFileAndFlags(fs *flag.FlagSet, args []string, missing string) (string, error) {
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := parseWithArgs(fs, args); err != nil {
		return "", err
	}
	rest := fs.Args()
	if file == "" && len(rest) > 0 {
		file, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		return "", usageError(fmt.Sprintf("unexpected argument %q", rest[0]))
	}
	if file == "" {
		return "", usageError(missing)
	}
	return file, nil
}

// dbUsage describes the --db flag of every command that reads or writes a
// ledger.
const dbUsage = "the ledger: the path of an SQLite file, or a postgres:// URL (postgres://user@host:5432/ontschot?sslmode=verify-full; the password from PGPASSWORD or ~/.pgpass)"

// requireDB refuses an empty --db.
func requireDB(db string) error {
	if strings.TrimSpace(db) == "" {
		return usageError("--db is required: the ledger, as the path of an SQLite file or a postgres:// URL")
	}
	return nil
}

// open opens the ledger at dsn (a path or a postgres:// URL); mustExist
// refuses an SQLite file that is not there, so a typo does not create an
// empty ledger. (A PostgreSQL database must exist already: the server
// refuses a name it does not know.)
func (m *Main) open(dsn string, mustExist bool) (*ledger.Service, error) {
	if path, ok := storage.SQLitePath(dsn); ok && mustExist {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("there is no ledger at %s; create one with \"ontschot init --db %s\" or \"ontschot demo --db %s\"", path, path, path)
		}
	}
	s, err := storage.Open(dsn, storage.Options{Now: m.Now, Logger: m.Logger, AfterCommit: m.afterCommit})
	if err != nil {
		return nil, err
	}
	m.closers = append(m.closers, s)
	return s, nil
}

func (m *Main) runVersion(ctx context.Context, args []string) error {
	fs := m.flags("version", "")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, "ontschot", version)
	return nil
}
