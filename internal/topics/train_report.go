package topics

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"sync"
	"text/tabwriter"
	"time"
)

// LabelStatus says what training did with a label.
type LabelStatus string

// The statuses of a label in a TrainReport.
const (
	// LabelTrained: enough positives and negatives for the label's own
	// cross-validated calibration and threshold.
	LabelTrained LabelStatus = "trained"
	// LabelFewExamples: trained, but on fewer than MinCalibrated positives
	// (or negatives); its threshold is the shared rule of LabelReport.Rule.
	LabelFewExamples LabelStatus = "few examples"
	// LabelSkipped: not in the model; LabelReport.Reason says why.
	LabelSkipped LabelStatus = "skipped"
)

// LabelRule is how a trained label's threshold was set.
type LabelRule string

// The threshold rules.
const (
	// RuleOwn: Platt scaling fitted on the label's own out-of-fold scores,
	// threshold maximising its out-of-fold F1.
	RuleOwn LabelRule = "own cv"
	// RuleRare: the labels with fewer than MinCalibrated positives share one
	// SVM margin, chosen by cross-validation with C (TrainReport.RareMargin).
	RuleRare LabelRule = "rare-label margin"
	// RuleMargin: a label on nearly every example (fewer than MinCalibrated
	// negatives) is returned when its SVM margin is positive.
	RuleMargin LabelRule = "svm margin 0"
)

// LabelReport is what training did with one label.
type LabelReport struct {
	ID, Name string
	Status   LabelStatus
	// Positives and Negatives count the examples with words that know the
	// label.
	Positives, Negatives int
	Rule                 LabelRule
	// Threshold is the probability at which the model returns the label.
	Threshold float64
	// Precision and Recall are measured out of fold at the threshold (a
	// 1-positive label's recall is 0: held out, its positive had no
	// positive to learn from).
	Precision, Recall float64
	// Reason says why a skipped label was skipped.
	Reason string
}

// CVScore is the out-of-fold quality under one C.
type CVScore struct {
	C float64
	// Floor is the threshold floor chosen for this C.
	Floor            float64
	MicroF1, MacroF1 float64
	// RareMargin is the rare-label margin chosen for this C and
	// RareMacroF1 the mean F1 of the rare labels there.
	RareMargin, RareMacroF1 float64
}

// TrainReport says what training did with the data and with each label.
type TrainReport struct {
	Model, Version string
	// Examples given; Used of them had a word (Empty had none).
	Examples, Used, Empty int
	// Duplicates repeat an earlier example's text; ConflictingDuplicates
	// of them with other labels.
	Duplicates, ConflictingDuplicates int
	Folds                             int
	// C is the regularisation used; CChosen says it was chosen by
	// cross-validation from CV (else it was given).
	C       float64
	CChosen bool
	CV      []CVScore
	// RareMargin and Slope are the shared rule of the labels without their
	// own calibration: returned at SVM margin >= RareMargin (0 for
	// RuleMargin labels), score sigmoid(Slope*(margin-RareMargin)).
	RareMargin, Slope float64
	// Floor is the floor under the thresholds of the labels with their own
	// calibration.
	Floor    float64
	Labels   []LabelReport
	Warnings []string
}

// Count returns the number of labels with status s.
func (r *TrainReport) Count(s LabelStatus) int {
	n := 0
	for _, l := range r.Labels {
		if l.Status == s {
			n++
		}
	}
	return n
}

// warnings lists what a user should know: left-out examples, duplicates,
// labels trained on few examples, skipped labels.
func (r *TrainReport) warnings() {
	w := func(format string, args ...any) { r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...)) }
	if r.Empty > 0 {
		w("%d of %d examples have no word and were left out", r.Empty, r.Examples)
	}
	if r.Duplicates > 0 {
		w("%d examples repeat an earlier example's text (%d of them with other labels); they are trained on as given", r.Duplicates, r.ConflictingDuplicates)
	}
	for _, l := range r.Labels {
		switch {
		case l.Status == LabelSkipped:
			w("label %q skipped: %s", l.ID, l.Reason)
		case l.Rule == RuleRare:
			w("label %q trained on %d positive example(s), under the rare-label rule (margin %.2f); out-of-fold P %.2f R %.2f", l.ID, l.Positives, r.RareMargin, l.Precision, l.Recall)
		case l.Rule == RuleMargin:
			w("label %q has only %d negative example(s): returned when its SVM margin is positive", l.ID, l.Negatives)
		}
	}
}

// WriteText prints the report: the data, the cross-validation of C, the
// shared rule and a table of the labels.
func (r *TrainReport) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "training report: %s\n", cmp.Or(r.Version, r.Model))
	fmt.Fprintf(w, "examples  %d given, %d used, %d without a word, %d duplicate texts (%d with other labels)\n",
		r.Examples, r.Used, r.Empty, r.Duplicates, r.ConflictingDuplicates)
	fmt.Fprintf(w, "labels    %d: %d trained, %d trained on few examples, %d skipped\n",
		len(r.Labels), r.Count(LabelTrained), r.Count(LabelFewExamples), r.Count(LabelSkipped))
	if len(r.CV) > 0 {
		how := "given"
		if r.CChosen {
			how = fmt.Sprintf("chosen by %d-fold cross-validation with the threshold floor and the rare-label margin: best mean of micro and macro F1 out of fold", r.Folds)
		}
		fmt.Fprintf(w, "C         %g (%s)\n", r.C, how)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  C\tthreshold floor\trare margin\tcv micro-F1\tcv macro-F1\trare mean F1\t")
		for _, s := range r.CV {
			mark := ""
			if s.C == r.C {
				mark = "<-"
			}
			fmt.Fprintf(tw, "  %g\t%.2f\t%.2f\t%.4f\t%.4f\t%.4f\t%s\n", s.C, s.Floor, s.RareMargin, s.MicroF1, s.MacroF1, s.RareMacroF1, mark)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "threshold each label's own (max out-of-fold F1), at least %.2f\n", r.Floor)
	if r.Count(LabelFewExamples) > 0 {
		fmt.Fprintf(w, "rule      labels with fewer than %d positives: returned at SVM margin >= %.2f (chosen with C by the same cross-validation); fewer than %d negatives: margin >= 0; score sigmoid(%.3f * (margin - that margin)), threshold 0.5\n",
			MinCalibrated, r.RareMargin, MinCalibrated, r.Slope)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "label\tstatus\tpositives\tnegatives\tthreshold rule\tthreshold\tcv precision\tcv recall\t")
	for _, l := range r.Labels {
		if l.Status == LabelSkipped {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t\t\t\t\n", l.ID, l.Status, l.Positives, l.Negatives, l.Reason)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%.2f\t%.4f\t%.4f\t\n", l.ID, l.Status, l.Positives, l.Negatives, l.Rule, l.Threshold, l.Precision, l.Recall)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return nil
}

// progress prints a line at each tenth of the work done, once training has
// run for progressAfter: small inputs train silently.
type progress struct {
	w           io.Writer
	mu          sync.Mutex
	done, total int
	start       time.Time
}

const progressAfter = 2 * time.Second

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: max(total, 1), start: time.Now()}
}

func (p *progress) add(n int) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	before := p.done * 10 / p.total
	p.done += n
	if after := p.done * 10 / p.total; after > before && time.Since(p.start) >= progressAfter {
		fmt.Fprintf(p.w, "topics: training %3d%% (%d of %d SVM fits, %.0fs)\n", after*10, p.done, p.total, math.Round(time.Since(p.start).Seconds()))
	}
}
