package contentdata

import "testing"

// TestClientUTF8 checks that pages are sent as UTF-8 the way a client must
// send them: valid UTF-8 as is, else decoded from the declared charset,
// else windows-1252.
func TestClientUTF8(t *testing.T) {
	tests := []struct {
		name, in, contentType, want string
	}{
		{"utf-8 unchanged", "<p>Zürich £5</p>", "text/html", "<p>Zürich £5</p>"},
		{"no charset: windows-1252", "<p>Z\xfcrich \xa35 \x93quoted\x94</p>", "text/html", "<p>Zürich £5 “quoted”</p>"},
		{"meta charset iso-8859-2", `<meta charset="iso-8859-2"><p>Gda` + "\xf1sk</p>", "text/html", `<meta charset="iso-8859-2"><p>Gdańsk</p>`},
		{"plain text: windows-1252", "caf\xe9", "", "café"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ClientUTF8(tc.in, tc.contentType); got != tc.want {
				t.Errorf("ClientUTF8(%q, %q) = %q, want %q", tc.in, tc.contentType, got, tc.want)
			}
		})
	}
}
