package analysis

import (
	"fmt"
	"strings"
	"unicode"
)

// The language gate decides, per stage, whether a model runs on a text in
// the language the text was analysed as. A wrong refusal costs a client the
// whole stage (no topics, no entities) while running an English model on a
// text that is not English costs little, so the gate refuses only on strong
// evidence and otherwise runs the stage and says how sure the guess was.

// Gate thresholds.
const (
	// MinLanguageConfidence is the detection confidence at or above which a
	// stage is refused for a language its model does not support.
	MinLanguageConfidence = 0.5
	// MinGateLetters is the fewest letters a text needs before a detected
	// (not hinted) language can refuse a stage: below it no detector can
	// tell a language from a name, a score line or a headline.
	MinGateLetters = 100
)

// Warning codes of the gate; WarnLanguageNotSupported is the refusal.
const (
	// WarnLanguageUncertain says a stage ran although the text's language
	// was guessed as one its model does not support, or could not be told:
	// the guess was too weak to withhold the result.
	WarnLanguageUncertain = "LANGUAGE_UNCERTAIN"
)

// GateLanguage reports whether a stage whose model is info runs on text
// analysed as lang with confidence conf, and the warning to attach (nil
// when there is nothing to say).
//
// It refuses only when lang is not one the model supports and either the
// language is certain (confidence 1: a client's languageCode, which always
// wins, or a script only that language uses) or the detector is confident
// (MinLanguageConfidence) on a text of at least MinGateLetters letters.
// Otherwise the stage runs; where lang is unsupported or unknown the
// warning gives the guess and its confidence.
func GateLanguage(stage string, info ModelInfo, lang string, conf float64, text string) (run bool, w *Warning) {
	if len(info.Languages) == 0 || lang != "" && info.Supports(lang) {
		return true, nil
	}
	if lang != "" && (conf >= 1 || conf >= MinLanguageConfidence && hasLetters(text, MinGateLetters)) {
		return false, &Warning{
			Stage: stage,
			Code:  WarnLanguageNotSupported,
			Message: fmt.Sprintf("the %s model %q supports %s, not %q (confidence %.2f); %s were not computed",
				stage, info.Name, strings.Join(info.Languages, ", "), lang, conf, stage),
		}
	}
	msg := fmt.Sprintf("the language was guessed as %q with confidence %.2f, too unsure to withhold %s; they were computed with the %s model for %s",
		lang, conf, stage, info.Name, strings.Join(info.Languages, ", "))
	if lang == "" {
		msg = fmt.Sprintf("the language could not be told from this text; %s were computed with the %s model for %s",
			stage, info.Name, strings.Join(info.Languages, ", "))
	}
	return true, &Warning{Stage: stage, Code: WarnLanguageUncertain, Message: msg}
}

// gate applies GateLanguage to res and records its warning.
func gate(stage string, info ModelInfo, res *Result, text string) (run bool) {
	run, w := GateLanguage(stage, info, res.LanguageCode, res.LanguageConfidence, text)
	if w != nil {
		res.Warnings = append(res.Warnings, *w)
	}
	return run
}

// hasLetters reports whether s has at least n letters; it stops reading as
// soon as it has seen them.
func hasLetters(s string, n int) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			if n--; n <= 0 {
				return true
			}
		}
	}
	return n <= 0
}
