package httpapi

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ontschot/ontschot/ledger"
)

//go:embed openapi.yaml
var specYAML []byte

// spec is the OpenAPI document, loaded and checked once.
type spec struct {
	doc  *openapi3.T
	json []byte
}

// OpenAPI returns the API's OpenAPI 3 document.
func OpenAPI() (*openapi3.T, error) {
	sp, err := loadSpec()
	if err != nil {
		return nil, err
	}
	return sp.doc, nil
}

func loadSpec() (*spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(specYAML)
	if err != nil {
		return nil, fmt.Errorf("httpapi: the OpenAPI document does not load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("httpapi: the OpenAPI document is not valid: %w", err)
	}
	if doc.Info.Version != APIVersion {
		return nil, fmt.Errorf("httpapi: the OpenAPI document has version %s, the code %s", doc.Info.Version, APIVersion)
	}
	j, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return &spec{doc: doc, json: j}, nil
}

// The OpenAPI document is published without authentication and open to
// other origins (ADR /core/publish-openapi).

func (s *Server) openAPIJSON(w http.ResponseWriter, r *http.Request, _ ledger.Session) error {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/json")
	_, err := w.Write(s.spec.json)
	return err
}

func (s *Server) openAPIYAML(w http.ResponseWriter, r *http.Request, _ ledger.Session) error {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Content-Type", "application/yaml")
	_, err := w.Write(specYAML)
	return err
}
