package sqlengine

import (
	"bytes"
	"testing"
)

// convertTests are the values the two drivers hand a copy, and what each
// kind of target column takes of them: exact, or refused.
var convertTests = []struct {
	name string
	in   any
	kind Kind
	want any
	err  bool
}{
	{"NULL", nil, KindBool, nil, false},
	{"SQLiteFlagSet", int64(1), KindBool, true, false},
	{"SQLiteFlagClear", int64(0), KindBool, false, false},
	{"NotAFlag", int64(2), KindBool, nil, true},
	{"TextIsNotAFlag", "true", KindBool, nil, true},
	{"PostgresFlagIntoInteger", true, KindInt, int64(1), false},
	{"PostgresFlagClearIntoInteger", false, KindInt, int64(0), false},
	{"Integer", int64(-42), KindInt, int64(-42), false},
	{"TextIsNotAnInteger", "42", KindInt, nil, true},
	{"Text", "Zorgverzekeraar", KindText, "Zorgverzekeraar", false},
	{"BytesIntoText", []byte("Vervoer"), KindText, "Vervoer", false},
	{"IntegerIsNotText", int64(7), KindText, nil, true},
	{"Bytes", []byte{0, 1, 0xff}, KindBytes, []byte{0, 1, 0xff}, false},
	{"TextIntoBytes", "salt", KindBytes, []byte("salt"), false},
	{"FlagIsNotBytes", true, KindBytes, nil, true},
	{"OtherAsItIs", 1.5, KindOther, 1.5, false},
}

func TestConvert(t *testing.T) {
	for _, tt := range convertTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := convert(tt.in, tt.kind)
			if (err != nil) != tt.err {
				t.Fatalf("convert(%#v, %s): error %v; want an error: %v", tt.in, tt.kind, err, tt.err)
			}
			if b, ok := tt.want.([]byte); ok {
				if g, ok := got.([]byte); !ok || !bytes.Equal(g, b) {
					t.Fatalf("convert(%#v, %s) = %#v; want %#v", tt.in, tt.kind, got, tt.want)
				}
				return
			}
			if got != tt.want {
				t.Fatalf("convert(%#v, %s) = %#v; want %#v", tt.in, tt.kind, got, tt.want)
			}
		})
	}
}
