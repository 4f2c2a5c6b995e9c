package language

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docsift/docsift/internal/analysis"
)

var _ analysis.LanguageDetector = (*Detector)(nil)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"english", "Moscow said on Wednesday it was expelling eight Japanese diplomats in a tit-for-tat response to deportations by Tokyo over the conflict in Ukraine.", "en"},
		{"german", "Die Bundesregierung hat am Mittwoch beschlossen, die Hilfen für die betroffenen Unternehmen bis zum Ende des Jahres zu verlängern.", "de"},
		{"french", "Le gouvernement a annoncé mercredi qu'il prolongerait les aides aux entreprises touchées jusqu'à la fin de l'année.", "fr"},
		{"spanish", "El gobierno anunció el miércoles que prolongará las ayudas a las empresas afectadas hasta el final del año.", "es"},
		{"russian", "Министерство иностранных дел заявило в среду, что высылает восемь японских дипломатов в ответ на действия Токио.", "ru"},
		{"japanese", "外務省は水曜日、東京の措置への対抗として日本の外交官8人を国外追放すると発表した。ひらがなとカタカナも含まれています。", "ja"},
		{"too short", "Hello", ""},
		{"empty", "", ""},
		{"digits only", strings.Repeat("1234 5678 ", 20), ""},
	}
	d := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, conf := d.Detect(tc.text)
			if got != tc.want {
				t.Errorf("Detect(%q) = %q (%.2f), want %q", tc.text, got, conf, tc.want)
			}
			if conf < 0 || conf > 1 {
				t.Errorf("Detect(%q) confidence = %v, want in [0,1]", tc.text, conf)
			}
			if got == "" && conf != 0 {
				t.Errorf("Detect(%q) confidence = %v with no code, want 0", tc.text, conf)
			}
		})
	}
}

func TestSample(t *testing.T) {
	s := strings.Repeat("é", 10) // 20 bytes
	for n := 0; n <= 21; n++ {
		got := sample(s, n)
		if !utf8.ValidString(got) || len(got) > n {
			t.Errorf("sample(%q, %d) = %q, want valid UTF-8 of at most %d bytes", s, n, got, n)
		}
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("The quick brown fox jumps over the lazy dog near the river bank.")
	f.Add("\xff\xfe\x00 junk")
	f.Add("")
	d := New()
	f.Fuzz(func(t *testing.T, s string) {
		code, conf := d.Detect(s)
		if conf < 0 || conf > 1 || (code == "" && conf != 0) {
			t.Fatalf("Detect(%q) = %q, %v", s, code, conf)
		}
	})
}

func BenchmarkDetect(b *testing.B) {
	text := strings.Repeat("Moscow said on Wednesday it was expelling eight Japanese diplomats. ", 200)
	d := New()
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		d.Detect(text)
	}
}

func TestFastPathAgreesWithTrigrams(t *testing.T) {
	texts := map[string]string{
		"en": "The minister said on Monday that the government would not change its plans for the new railway line, which has been delayed for years.",
		"de": "Der Minister sagte am Montag, dass die Regierung ihre Pläne für die neue Bahnstrecke nicht ändern werde, die seit Jahren verzögert ist.",
		"fr": "Le ministre a déclaré lundi que le gouvernement ne changerait pas ses plans pour la nouvelle ligne de chemin de fer, qui est retardée depuis des années.",
		"es": "El ministro dijo el lunes que el gobierno no cambiará sus planes para la nueva línea de ferrocarril, que lleva años de retraso.",
		"it": "Il ministro ha detto lunedì che il governo non cambierà i suoi piani per la nuova linea ferroviaria, che è in ritardo da anni.",
		"nl": "De minister zei maandag dat de regering haar plannen voor de nieuwe spoorlijn niet zal veranderen, die al jaren vertraging heeft.",
		"pt": "O ministro disse na segunda-feira que o governo não vai mudar os seus planos para a nova linha ferroviária, que está atrasada há anos.",
		"pl": "Minister powiedział w poniedziałek, że rząd nie zmieni swoich planów dotyczących nowej linii kolejowej, która jest opóźniona od lat.",
	}
	for want, text := range texts {
		code, lead, ok := scan(text).vote()
		if ok && code != want {
			t.Errorf("vote(%q) = %q (lead %.2f), want %q", text, code, lead, want)
		}
		if got, _ := New().Detect(text); got != want {
			t.Errorf("Detect(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestLanguages(t *testing.T) {
	langs := Languages()
	if !slices.IsSorted(langs) || len(slices.Compact(slices.Clone(langs))) != len(langs) {
		t.Errorf("Languages() = %v, want sorted and unique", langs)
	}
	// Every code the detector gives on the test texts is listed.
	for _, want := range []string{"en", "de", "fr", "es", "ru", "ja", "zh", "ko", "el", "th", "he"} {
		if !slices.Contains(langs, want) {
			t.Errorf("Languages() lacks %q: %v", want, langs)
		}
	}
}
