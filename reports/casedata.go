package reports

import "github.com/ontschot/ontschot/ledger"

// Of the documents here only the legitimacy report carries case data: each
// exception's severity and the rules it deviates from. Statements and the
// finance view are aggregates; payment files name every payee and go only
// to who sees every case (ledger.Actor.SeesEveryCase). A document made for
// a person goes through For before it is encoded, in any form (JSON, PDF,
// CSV); the command line, run by whoever holds the ledger's file, gets it
// whole.

// For returns the report as reader may see it: each exception whose case
// reader may not see (ledger.Actor.SeesCase) without its severity and
// rules, marked Redacted. The figures are aggregates and stay, the share
// of complete weighings among them; so do each exception's findings, which
// judge the process, not the case.
func (l *Legitimacy) For(reader ledger.Actor) *Legitimacy {
	out := *l
	out.Exceptions = make([]ExceptionLine, len(l.Exceptions))
	for i, x := range l.Exceptions {
		out.Exceptions[i] = x.For(reader)
	}
	return &out
}

// For returns the exception as reader may see it.
func (x ExceptionLine) For(reader ledger.Actor) ExceptionLine {
	if reader.SeesCase(x.requestedBy) {
		return x
	}
	x.Severity, x.DeviatesFrom, x.Redacted = 0, nil, true
	return x
}
