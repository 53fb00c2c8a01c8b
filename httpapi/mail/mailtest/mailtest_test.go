package mailtest_test

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/httpapi/mail/mailtest"
)

// Parse reads the parts of a message as other mailers write them too:
// nested in multipart/mixed, base64 with broken lines, an encoded subject.
func TestParse(t *testing.T) {
	raw := strings.ReplaceAll(`From: a@b.example
To: c@d.example
Subject: =?utf-8?q?Co=C3=ABvorden?=
Message-ID: <x@y>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

SGFsbG8g4oKsIDUw
LDAw
--inner
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<p>Hallo =E2=82=AC 50,00</p>
--inner--
--outer--
`, "\n", "\r\n")
	m, err := mailtest.Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Coëvorden" || m.Header.Get("Message-Id") != "<x@y>" {
		t.Errorf("Subject = %q, Message-ID = %q", m.Subject, m.Header.Get("Message-Id"))
	}
	if m.Text != "Hallo € 50,00" {
		t.Errorf("Text = %q; want %q", m.Text, "Hallo € 50,00")
	}
	if strings.TrimSpace(m.HTML) != "<p>Hallo € 50,00</p>" {
		t.Errorf("HTML = %q", m.HTML)
	}
}
