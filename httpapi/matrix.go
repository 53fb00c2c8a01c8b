package httpapi

import (
	"strings"

	"github.com/ontschot/ontschot/ledger"
)

// PermissionMatrix returns the README's permission matrix as a Markdown
// table: every route against every role, from Routes (and /metrics, which
// is outside the API's document) and ledger.Permissions, so the README
// cannot drift from the code.
func PermissionMatrix() string {
	var b strings.Builder
	b.WriteString("| method | path | what |")
	for _, r := range ledger.Roles {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n| --- | --- | --- |")
	for range ledger.Roles {
		b.WriteString(" :-: |")
	}
	b.WriteString("\n")
	for _, rt := range append(Routes(), metricsRoute) {
		b.WriteString("| " + rt.Method + " | `" + rt.Path + "` | " + rt.Summary + " |")
		for _, role := range ledger.Roles {
			switch {
			case rt.Action == Public:
				b.WriteString(" open |")
			case ledger.Allowed(role, rt.Action):
				b.WriteString(" ✓ |")
			default:
				b.WriteString(" |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
