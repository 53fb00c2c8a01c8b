package ledger

import (
	"crypto/rand"
	"encoding/binary"
	"strings"
	"time"
)

// Identifiers. Each kind of resource has its own type so that signatures say
// what they take, and its own prefix so that an ID in a log line or a bank
// statement says what it names. IDs are ULIDs (48 bits of milliseconds and 80
// random bits in Crockford base32): unguessable, sortable by creation time,
// and, with the prefix, at most 30 characters of the SEPA character set, so a
// payout ID can travel as a credit transfer's EndToEndId (at most 35).
type (
	PotID          string // "POT-…"
	PartnerID      string // "PRT-…"
	PayoutID       string // "PAY-…"
	ContributionID string // "CON-…"
)

// ID prefixes.
const (
	PotPrefix          = "POT"
	PartnerPrefix      = "PRT"
	PayoutPrefix       = "PAY"
	ContributionPrefix = "CON"
)

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewID returns a new identifier with the prefix, made at time t.
func NewID(prefix string, t time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	// 128 bits as 26 base32 digits: the first digit carries the top 3 bits.
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	var out [26]byte
	for i := 25; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return prefix + "-" + string(out[:])
}

// ValidID reports whether s looks like an identifier with the prefix. It lets
// a store answer "not found" for garbage without a query, and keeps odd text
// out of logs.
func ValidID(prefix, s string) bool {
	rest, ok := strings.CutPrefix(s, prefix+"-")
	if !ok || len(rest) != 26 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if strings.IndexByte(crockford, rest[i]) < 0 {
			return false
		}
	}
	return true
}
