// Package pgtest gives tests a PostgreSQL database of their own: it starts a
// throwaway PostgreSQL server once per test binary, makes a fresh database
// for every test that asks, and removes all of it when the tests end.
//
// A package that uses it calls Main from its TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// and each test asks for a database with DSN(t).
//
// The server is Debian's PostgreSQL (/usr/lib/postgresql/VERSION/bin, the
// newest installed): initdb into a temporary directory and pg_ctl start,
// listening only on a Unix socket in that directory (no TCP port, so no
// race for a free one and nothing reachable from outside), with fsync off,
// since nothing of it outlives the tests. PostgreSQL refuses to run as
// root, so as root the server runs as the postgres user (runuser). A
// watchdog stops the server and removes the directory if the test binary
// dies without cleaning up (a timeout, a kill).
//
// ONTSCHOT_TEST_POSTGRES=postgres://user:password@host/postgres points the
// tests at an existing server instead: each test then gets a database of
// its own there (CREATE DATABASE rights needed), dropped at its end.
//
// Without PostgreSQL a test is skipped with a message saying how to get
// it, unless ONTSCHOT_REQUIRE_POSTGRES=1 or CI is set (CI=true, CI=1): then
// it fails, so CI never passes by skipping.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver
)

// EnvURL names the variable that points the tests at an existing server.
const EnvURL = "ONTSCHOT_TEST_POSTGRES"

// EnvRequire names the variable that makes a missing PostgreSQL a failure.
const EnvRequire = "ONTSCHOT_REQUIRE_POSTGRES"

// server is the PostgreSQL the test binary uses.
type server struct {
	// base is the URL of the server's maintenance database, without the
	// database name's path: url(name) builds a database's URL.
	base *url.URL
	// admin creates and drops the tests' databases.
	admin *sql.DB
	// dir is the throwaway server's directory ("" for an existing
	// server); data its data directory; pgCtl its pg_ctl; asPostgres
	// whether its commands run as the postgres user.
	dir, data, pgCtl string
	asPostgres       bool
	// prefix starts the name of every database this binary makes.
	prefix string
	n      atomic.Int64

	mu        sync.Mutex
	templates map[string]*template
	// made are the template databases, dropped at the end on an
	// existing server.
	made []string
}

var (
	mainCalled atomic.Bool
	once       sync.Once
	srv        *server
	// missing says why there is no PostgreSQL; startErr why the one
	// there did not start.
	missing  string
	startErr error
)

// Main runs the tests of m and then stops the server and removes its
// directory; it returns the exit code for os.Exit. Call it from TestMain.
func Main(m *testing.M) int {
	mainCalled.Store(true)
	code := m.Run()
	if srv != nil {
		if err := srv.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// DSN returns the URL of a new, empty database on the test binary's
// PostgreSQL, which is dropped when tb ends (after tb's own cleanups that
// were registered after this call). The first call starts the server. A
// missing PostgreSQL skips tb, or fails it when required (see the package
// doc); one that fails to start fails it.
func DSN(tb testing.TB) string {
	tb.Helper()
	s := get(tb)
	return s.create(tb, "template0")
}

// Clone returns the URL of a new database that is a copy of the template
// named key, dropped when tb ends as DSN's are. The first call with a key
// makes the template: build gets the URL of a new, empty database, fills
// it, and must have closed every connection to it when it returns. A copy
// (CREATE DATABASE … TEMPLATE) is much quicker than building each
// database anew, for tests that all start from the same state.
func Clone(tb testing.TB, key string, build func(dsn string) error) string {
	tb.Helper()
	s := get(tb)
	s.mu.Lock()
	t := s.templates[key]
	if t == nil {
		t = &template{}
		s.templates[key] = t
	}
	s.mu.Unlock()
	t.once.Do(func() {
		t.name = fmt.Sprintf("%s_tpl%d", s.prefix, s.n.Add(1))
		if t.err = s.exec(`CREATE DATABASE ` + t.name + ` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`); t.err != nil {
			return
		}
		s.mu.Lock()
		s.made = append(s.made, t.name)
		s.mu.Unlock()
		t.err = build(s.url(t.name))
	})
	if t.err != nil {
		tb.Fatalf("make the template database %q: %v", key, t.err)
	}
	return s.create(tb, t.name)
}

// Durable turns the throwaway server's durability back on (fsync,
// synchronous_commit and full_page_writes, which it starts without for
// speed), for the rest of the test binary, so that a benchmark measures
// what a production server does: each commit waits for its flush, as
// SQLite's synchronous=FULL does. Benchmarks call it; tests need not. A
// server given by ONTSCHOT_TEST_POSTGRES is left as it is.
func Durable(tb testing.TB) {
	tb.Helper()
	s := get(tb)
	if os.Getenv(EnvURL) != "" {
		return
	}
	for _, stmt := range []string{`ALTER SYSTEM SET fsync = on`, `ALTER SYSTEM SET synchronous_commit = on`,
		`ALTER SYSTEM SET full_page_writes = on`, `SELECT pg_reload_conf()`} {
		if err := s.exec(stmt); err != nil {
			tb.Fatalf("pgtest: %s: %v", stmt, err)
		}
	}
}

// template is a database made once and copied for each test.
type template struct {
	once sync.Once
	name string
	err  error
}

// get returns the server, starting it on the first call, or ends tb when
// there is none.
func get(tb testing.TB) *server {
	tb.Helper()
	if !mainCalled.Load() {
		tb.Fatal("pgtest: the package's TestMain must call pgtest.Main, which removes the server when the tests end")
	}
	once.Do(start)
	switch {
	case missing != "" && Required():
		tb.Fatalf("PostgreSQL is required here (%s=1 or CI is set) but %s", EnvRequire, missing)
	case missing != "":
		tb.Skipf("skipped: %s (set %s=1 to make this a failure)", missing, EnvRequire)
	case startErr != nil:
		tb.Fatalf("PostgreSQL did not start: %v", startErr)
	}
	return srv
}

// create makes a new database from template and drops it when tb ends.
func (s *server) create(tb testing.TB, template string) string {
	tb.Helper()
	name := fmt.Sprintf("%s_%d", s.prefix, s.n.Add(1))
	if err := s.exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + template + ` ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`); err != nil {
		tb.Fatalf("create the test's database: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			tb.Errorf("drop the test's database %s: %v", name, err)
		}
	})
	return s.url(name)
}

// exec runs a statement on the maintenance database.
func (s *server) exec(stmt string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err := s.admin.ExecContext(ctx, stmt)
	return err
}

// Required reports whether a missing PostgreSQL fails the tests rather
// than skipping them: ONTSCHOT_REQUIRE_POSTGRES=1, or CI set to anything
// but "", "0" or "false".
func Required() bool {
	if os.Getenv(EnvRequire) == "1" {
		return true
	}
	switch strings.ToLower(os.Getenv("CI")) {
	case "", "0", "false":
		return false
	}
	return true
}

// url returns the URL of the named database.
func (s *server) url(name string) string {
	u := *s.base
	u.Path = "/" + name
	return u.String()
}

// start finds or starts the server, setting srv, missing or startErr.
func start() {
	prefix := fmt.Sprintf("ontschot_test_%d_%d", os.Getpid(), time.Now().UnixNano()%1_000_000)
	if raw := os.Getenv(EnvURL); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			startErr = fmt.Errorf("%s=%q is not a postgres:// URL", EnvURL, raw)
			return
		}
		s := &server{base: u, prefix: prefix, templates: map[string]*template{}}
		startErr = s.connect()
		srv = s
		return
	}
	initdb := findInitdb()
	if initdb == "" {
		missing = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): install it with apt-get install postgresql, or point " + EnvURL + " at a server (postgres://user:password@host/postgres)"
		return
	}
	s, err := startServer(filepath.Dir(initdb), prefix)
	srv, startErr = s, err
}

// findInitdb returns the initdb of the newest PostgreSQL installed the
// Debian way, or "".
func findInitdb() string {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(found, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[i]))))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(found[j]))))
		return vi > vj
	})
	if len(found) == 0 {
		return ""
	}
	return found[0]
}

// startServer makes a cluster in a new temporary directory and starts it.
// On an error after the directory was made, it returns the server too, so
// Main removes what was made.
func startServer(bin, prefix string) (*server, error) {
	asPostgres := os.Geteuid() == 0
	var uid, gid int
	if asPostgres {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root, the server must run as the postgres user, but there is none: %v", err)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
	}
	dir, err := os.MkdirTemp(tempParent(asPostgres), "ontschot-pg-")
	if err != nil {
		return nil, err
	}
	s := &server{dir: dir, data: filepath.Join(dir, "data"), pgCtl: filepath.Join(bin, "pg_ctl"), asPostgres: asPostgres,
		prefix: prefix, templates: map[string]*template{}}
	sock := filepath.Join(dir, "sock")
	if err := os.Mkdir(sock, 0o700); err != nil {
		return s, err
	}
	if asPostgres {
		for _, p := range []string{dir, sock} {
			if err := os.Chown(p, uid, gid); err != nil {
				return s, err
			}
		}
	}
	if out, err := s.run(filepath.Join(bin, "initdb"), "-D", s.data, "-U", "postgres", "--auth=trust",
		"-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"); err != nil {
		return s, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	conf := fmt.Sprintf(`
# pgtest: a throwaway server for the tests of one binary.
listen_addresses = ''
unix_socket_directories = '%s'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 400
shared_buffers = 32MB
`, sock)
	f, err := os.OpenFile(filepath.Join(s.data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return s, err
	}
	_, err = f.WriteString(conf)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return s, err
	}
	logFile := filepath.Join(dir, "server.log")
	if out, err := s.run(s.pgCtl, "start", "-D", s.data, "-l", logFile, "-w", "-t", "60"); err != nil {
		log, _ := os.ReadFile(logFile)
		return s, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	s.watch()
	s.base = &url.URL{Scheme: "postgres", User: url.User("postgres"), Host: "",
		RawQuery: url.Values{"host": {sock}, "port": {"5432"}, "sslmode": {"disable"}}.Encode()}
	return s, s.connect()
}

// tempParent returns where the server's directory goes: the usual
// temporary directory, or /tmp when the postgres user could not reach
// that.
func tempParent(asPostgres bool) string {
	dir := os.TempDir()
	if !asPostgres {
		return dir
	}
	for p := dir; ; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return "/tmp"
		}
		if p == filepath.Dir(p) {
			return dir
		}
	}
}

// run runs a PostgreSQL command, as the postgres user when needed.
func (s *server) run(name string, args ...string) ([]byte, error) {
	if s.asPostgres {
		args = append([]string{"-u", "postgres", "--", name}, args...)
		name = "runuser"
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// watch starts a process of its own that waits for the test binary to end
// and then stops the server and removes its directory: after Main stopped
// it, that finds nothing to do; after a crash or a kill, it cleans up.
func (s *server) watch() {
	stop := s.pgCtl + " stop -D " + s.data + " -m immediate"
	if s.asPostgres {
		stop = "runuser -u postgres -- " + stop
	}
	script := fmt.Sprintf("tail --pid=%d -f /dev/null; %s; rm -rf %s", os.Getpid(), stop, s.dir)
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err == nil {
		cmd.Process.Release()
	}
}

// connect opens the connection that makes and drops the databases.
func (s *server) connect() error {
	u := *s.base
	if u.Path == "" || u.Path == "/" {
		u.Path = "/postgres"
	}
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(4)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return fmt.Errorf("connect to %s: %v", u.Redacted(), err)
	}
	s.admin = db
	return nil
}

// stop stops a server this binary started and removes its directory; an
// existing server is left as it is (each test dropped its database).
func (s *server) stop() error {
	var errs []error
	if s.admin != nil {
		if s.dir == "" {
			for _, name := range s.made {
				errs = append(errs, s.exec(`DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`))
			}
		}
		errs = append(errs, s.admin.Close())
	}
	if s.dir == "" {
		return errors.Join(errs...)
	}
	if out, err := s.run(s.pgCtl, "stop", "-D", s.data, "-m", "immediate", "-w"); err != nil && fileExists(filepath.Join(s.data, "postmaster.pid")) {
		errs = append(errs, fmt.Errorf("pg_ctl stop: %v\n%s", err, out))
	}
	errs = append(errs, os.RemoveAll(s.dir))
	return errors.Join(errs...)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
