package httpapi_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/ontschot/ontschot/httpapi"
	"github.com/ontschot/ontschot/ledger"
)

// matrix is the permission matrix as the issue and the README state it,
// written out by hand so a change to the code's table shows up here.
var matrix = map[string]string{
	"GET /api/v1/health":                                   "open",
	"GET /api/v1/health/ready":                             "open",
	"GET /api/v1/openapi.json":                             "open",
	"GET /api/v1/openapi.yaml":                             "open",
	"GET /api/v1/categories":                               "caseworker teamlead manager alderman finance partner auditor admin",
	"POST /api/v1/categories":                              "admin",
	"GET /api/v1/partners":                                 "caseworker teamlead manager alderman finance partner auditor admin",
	"POST /api/v1/partners":                                "admin",
	"GET /api/v1/partners/{partnerId}":                     "caseworker teamlead manager alderman finance partner auditor admin",
	"GET /api/v1/pots":                                     "caseworker teamlead manager alderman finance partner auditor admin",
	"POST /api/v1/pots":                                    "admin",
	"PATCH /api/v1/pots/{potId}":                           "admin",
	"GET /api/v1/pots/{potId}":                             "caseworker teamlead manager alderman finance partner auditor admin",
	"PUT /api/v1/pots/{potId}/mandates":                    "admin",
	"GET /api/v1/pots/{potId}/funding":                     "caseworker teamlead manager alderman finance partner auditor admin",
	"PUT /api/v1/pots/{potId}/pledges/{partnerId}":         "finance admin",
	"GET /api/v1/pots/{potId}/contributions":               "finance auditor admin",
	"POST /api/v1/pots/{potId}/contributions":              "finance",
	"GET /api/v1/payouts":                                  "caseworker teamlead manager alderman finance auditor admin",
	"POST /api/v1/payouts":                                 "caseworker teamlead manager alderman",
	"GET /api/v1/payouts/{payoutId}":                       "caseworker teamlead manager alderman finance auditor admin",
	"POST /api/v1/payouts/{payoutId}/decisions":            "teamlead manager alderman",
	"POST /api/v1/payouts/{payoutId}/reversals":            "finance",
	"GET /api/v1/notifications":                            "caseworker teamlead manager alderman finance partner auditor admin",
	"POST /api/v1/notifications/read":                      "caseworker teamlead manager alderman finance partner auditor admin",
	"GET /api/v1/mail-failures":                            "admin",
	"POST /api/v1/payouts/{payoutId}/reissues":             "caseworker teamlead manager alderman",
	"GET /api/v1/payouts/{payoutId}/allocations":           "caseworker teamlead manager alderman finance auditor admin",
	"POST /api/v1/payouts/{payoutId}/allocations":          "finance",
	"GET /api/v1/payouts/{payoutId}/allocation-suggestion": "finance auditor",
	"GET /api/v1/payouts/{payoutId}/evaluations":           "caseworker teamlead manager alderman finance auditor admin",
	"POST /api/v1/payouts/{payoutId}/evaluations":          "caseworker teamlead manager alderman",
	"GET /api/v1/allocation-queue":                         "finance auditor",
	"GET /api/v1/parties":                                  "caseworker teamlead manager alderman finance auditor admin",
	"POST /api/v1/parties":                                 "finance admin",
	"PATCH /api/v1/parties/{partyId}":                      "finance admin",
	"GET /api/v1/receivables":                              "finance auditor admin",
	"GET /api/v1/receivables/{receivableId}":               "finance auditor admin",
	"POST /api/v1/receivables/{receivableId}/settlements":  "finance",
	"GET /api/v1/pots/{potId}/regret":                      "caseworker teamlead manager alderman finance partner auditor admin",
	"GET /api/v1/pots/{potId}/timeliness":                  "caseworker teamlead manager alderman finance auditor admin",
	"GET /api/v1/pots/{potId}/rotation":                    "finance auditor admin",
	"GET /api/v1/signals":                                  "caseworker teamlead manager alderman finance auditor admin",
	"POST /api/v1/signals/{signalId}/policy-uptakes":       "finance admin",
	"GET /api/v1/taakvelden":                               "caseworker teamlead manager alderman finance auditor admin",
	"PUT /api/v1/taakvelden":                               "admin",
	"GET /api/v1/allocation-rules":                         "finance auditor admin",
	"PUT /api/v1/allocation-rules":                         "admin",
	"PUT /api/v1/pots/{potId}/debtor-account":              "finance admin",
	"GET /api/v1/pots/{potId}/statements/{quarter}":        "caseworker teamlead manager alderman finance partner auditor admin",
	"GET /api/v1/finance-views/{period}":                   "alderman finance auditor admin",
	"GET /api/v1/legitimacy-reports/{period}":              "manager alderman finance auditor admin",
	"GET /api/v1/payment-batches":                          "finance auditor",
	"POST /api/v1/payment-batches":                         "finance",
	"POST /api/v1/bank-files":                              "finance",
	"GET /api/v1/bank-entries":                             "finance auditor",
	"GET /api/v1/bank-statements":                          "finance auditor",
	"GET /api/v1/bank-reconciliation":                      "finance auditor",
	"GET /api/v1/payment-batches/{batchId}":                "finance auditor",
	"GET /api/v1/closed-periods":                           "caseworker teamlead manager alderman finance auditor admin",
	"POST /api/v1/closed-periods":                          "finance",
	"GET /api/v1/journal/transactions":                     "finance auditor admin",
	"GET /api/v1/journal/verification":                     "finance auditor admin",
	"GET /api/v1/users":                                    "admin",
	"GET /api/v1/tokens":                                   "admin",
	"POST /api/v1/tokens":                                  "admin",
	"DELETE /api/v1/tokens/{tokenId}":                      "admin",
	"POST /api/v1/erasures":                                "admin",
}

// TestPermissionMatrix calls every route as every role: a role the matrix
// does not list gets 403; a role it lists gets past the check (to a 2xx, or
// a 400 for the empty body); without a token, every route but the open
// ones answers 401.
func TestPermissionMatrix(t *testing.T) {
	e := newEnv(t, 5000_00)
	p, _ := e.requestPayout(caseworker, "2000.00")
	routes := httpapi.Routes()
	seen := map[string]bool{}
	users := []string{caseworker, teamlead, manager, alderman, finance, partner, auditor, admin}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Path
		seen[key] = true
		allowed, ok := matrix[key]
		if !ok {
			t.Errorf("%s is not in the test's matrix; add it with the roles the README promises", key)
			continue
		}
		path := strings.NewReplacer("{potId}", string(e.pot.ID), "{partnerId}", string(e.insurer.ID),
			"{payoutId}", p.ID, "{tokenId}", "TOK-01ARZ3NDEKTSV4RRFFQ69G5FAV",
			"{receivableId}", "RCV-01ARZ3NDEKTSV4RRFFQ69G5FAV", "{signalId}", "category-rent_arrears",
			"{quarter}", "2026-Q1", "{period}", "2026-Q1", "{batchId}", "BAT-01ARZ3NDEKTSV4RRFFQ69G5FAV").Replace(rt.Path)
		var body any
		if rt.Method == "POST" || rt.Method == "PUT" {
			body = map[string]any{}
		}
		t.Run(strings.ReplaceAll(key, "/", "_"), func(t *testing.T) {
			e := e.for_(t)
			for _, user := range users {
				role := string(roleOf[user])
				r := e.do(rt.Method, path, user, body)
				mayCall := allowed == "open" || strings.Contains(" "+allowed+" ", " "+role+" ")
				if mayCall && (r.Status == 401 || r.Status == 403) {
					t.Errorf("%s as %s: %d; the %s role may call it\n%s", key, role, r.Status, role, r.Body)
				}
				if !mayCall {
					if r.Status != 403 || r.Problem(t).Code != ledger.EFORBIDDEN || !strings.Contains(r.Problem(t).Detail, "may not") {
						t.Errorf("%s as %s: %d; want 403 (the role may not)\n%s", key, role, r.Status, r.Body)
					}
				}
			}
			r := e.do(rt.Method, path, "", body)
			if allowed == "open" && r.Status != 200 {
				t.Errorf("%s without a token: %d; want 200", key, r.Status)
			}
			if allowed != "open" && r.Status != 401 {
				t.Errorf("%s without a token: %d; want 401", key, r.Status)
			}
		})
	}
	for key := range matrix {
		if !seen[key] {
			t.Errorf("the matrix lists %s, which the API does not serve", key)
		}
	}
}

// TestRoutesAreInTheOpenAPIDocument checks that the document describes
// exactly the routes the server has.
func TestRoutesAreInTheOpenAPIDocument(t *testing.T) {
	doc, err := httpapi.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, rt := range httpapi.Routes() {
		path := strings.TrimPrefix(rt.Path, "/api/v1")
		served[rt.Method+" "+path] = true
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(rt.Method) == nil {
			t.Errorf("the OpenAPI document lacks %s %s", rt.Method, rt.Path)
			continue
		}
		op := item.GetOperation(rt.Method)
		if op.Responses.Status(500) == nil || (rt.Action != httpapi.Public && op.Responses.Status(401) == nil) {
			t.Errorf("%s %s does not document its 401 or 500", rt.Method, rt.Path)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !served[method+" "+path] {
				t.Errorf("the OpenAPI document describes %s %s, which the server does not have", method, path)
			}
		}
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestREADMEPermissionMatrix keeps the README's matrix equal to the code's.
func TestREADMEPermissionMatrix(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- permissions:begin -->\n", "<!-- permissions:end -->"
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q and %q around the permission matrix", begin, end)
	}
	if os.Getenv("UPDATE_README") != "" {
		s = s[:i+len(begin)] + httpapi.PermissionMatrix() + s[j:]
		if err := os.WriteFile("../README.md", []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := s[i+len(begin):j], httpapi.PermissionMatrix(); got != want {
		t.Fatalf("README.md's permission matrix differs from the code; run UPDATE_README=1 go test ./httpapi -run TestREADMEPermissionMatrix, or replace it with:\n%s", want)
	}
}
