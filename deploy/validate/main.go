// Command validate checks deploy/ offline: it strictly decodes every
// Kubernetes manifest in deploy/k8s into the k8s.io/api types (an unknown or
// misspelt field, a wrong type or an unexpected kind is an error), checks the
// invariants docsift's deployment relies on (selectors match, probes use gRPC
// health on the gRPC port, the grace period outlasts preStop plus the
// server's shutdown timeout, non-root, read-only root filesystem...), and
// checks deploy/Dockerfile's final stage (minimal base, numeric non-root
// USER, static build, exposed ports).
//
// It is not an API server: defaulting, admission, server-side validation and
// the cluster's version skew are not exercised.
//
// Usage, from the repository root: scripts/deploy-validate.sh
// (go -C deploy/validate run . ..)
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"
)

func main() {
	dir := ".."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	errs := validate(dir)
	for _, e := range errs {
		fmt.Fprintln(os.Stderr, "FAIL:", e)
	}
	if len(errs) > 0 {
		os.Exit(1)
	}
	fmt.Println("deploy/: manifests and Dockerfile OK (offline checks only; no API server, no admission)")
}

type objects struct {
	deployments []*appsv1.Deployment
	services    []*corev1.Service
	hpas        []*autoscalingv2.HorizontalPodAutoscaler
	pdbs        []*policyv1.PodDisruptionBudget
}

// validate checks dir (the deploy/ folder) and returns every problem found.
func validate(dir string) []error {
	var errs []error
	fail := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	files, _ := filepath.Glob(filepath.Join(dir, "k8s", "*.yaml"))
	if len(files) == 0 {
		fail("no manifests in %s/k8s", dir)
		return errs
	}
	sort.Strings(files)
	var objs objects
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fail("%v", err)
			continue
		}
		for i, doc := range splitDocs(data) {
			if err := decode(doc, &objs); err != nil {
				fail("%s document %d: %v", filepath.Base(f), i+1, err)
			}
		}
	}
	errs = append(errs, checkObjects(objs)...)
	errs = append(errs, checkDockerfile(filepath.Join(dir, "Dockerfile"))...)
	return errs
}

// splitDocs splits a multi-document YAML file on "---" lines, dropping
// documents that hold only comments.
func splitDocs(data []byte) [][]byte {
	var docs [][]byte
	for _, d := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(data), -1) {
		meaningful := false
		for _, line := range strings.Split(d, "\n") {
			if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
				meaningful = true
			}
		}
		if meaningful {
			docs = append(docs, []byte(d))
		}
	}
	return docs
}

// decode strictly decodes one manifest by its apiVersion and kind.
func decode(doc []byte, objs *objects) error {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &tm); err != nil {
		return err
	}
	strict := func(v any) error { return yaml.UnmarshalStrict(doc, v) }
	switch tm.APIVersion + "/" + tm.Kind {
	case "apps/v1/Deployment":
		o := &appsv1.Deployment{}
		objs.deployments = append(objs.deployments, o)
		return strict(o)
	case "v1/Service":
		o := &corev1.Service{}
		objs.services = append(objs.services, o)
		return strict(o)
	case "autoscaling/v2/HorizontalPodAutoscaler":
		o := &autoscalingv2.HorizontalPodAutoscaler{}
		objs.hpas = append(objs.hpas, o)
		return strict(o)
	case "policy/v1/PodDisruptionBudget":
		o := &policyv1.PodDisruptionBudget{}
		objs.pdbs = append(objs.pdbs, o)
		return strict(o)
	}
	return fmt.Errorf("unexpected kind %s %s", tm.APIVersion, tm.Kind)
}

func checkObjects(o objects) []error {
	var errs []error
	fail := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if len(o.deployments) != 1 || len(o.hpas) != 1 || len(o.pdbs) != 1 || len(o.services) != 2 {
		fail("want 1 Deployment, 2 Services, 1 HPA, 1 PDB; have %d, %d, %d, %d", len(o.deployments), len(o.services), len(o.hpas), len(o.pdbs))
		if len(o.deployments) == 0 {
			return errs
		}
	}
	d := o.deployments[0]
	pod := d.Spec.Template
	if d.Spec.Replicas == nil || *d.Spec.Replicas < 3 {
		fail("Deployment: want at least 3 replicas")
	}
	sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
	if err != nil || sel.Empty() || !sel.Matches(labels.Set(pod.Labels)) {
		fail("Deployment: selector %v does not match the pod template labels %v", d.Spec.Selector, pod.Labels)
	}
	if sc := pod.Spec.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
		fail("Deployment: pod securityContext must set runAsNonRoot and a non-zero runAsUser")
	}
	if len(pod.Spec.Containers) != 1 {
		fail("Deployment: want one container")
		return errs
	}
	c := pod.Spec.Containers[0]
	ports := map[string]int32{}
	for _, p := range c.Ports {
		ports[p.Name] = p.ContainerPort
	}
	if ports["grpc"] != 50051 || ports["http"] != 8080 {
		fail("Deployment: want container ports grpc=50051 and http=8080, have %v", ports)
	}
	if sc := c.SecurityContext; sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation || sc.Capabilities == nil || len(sc.Capabilities.Drop) == 0 {
		fail("Deployment: container securityContext must set readOnlyRootFilesystem, allowPrivilegeEscalation: false and drop capabilities")
	}
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, okr := c.Resources.Requests[r]
		lim, okl := c.Resources.Limits[r]
		if !okr || !okl {
			fail("Deployment: want %s request and limit", r)
		} else if req.Cmp(lim) > 0 {
			fail("Deployment: %s request %s above limit %s", r, req.String(), lim.String())
		}
	}
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		if p == nil || p.GRPC == nil || p.GRPC.Port != 50051 {
			fail("Deployment: %s probe must be grpc on port 50051", name)
		}
	}
	if p := c.ReadinessProbe; p != nil && p.GRPC != nil && p.GRPC.Service != nil && *p.GRPC.Service != "" && *p.GRPC.Service != "docsift.v1.DocumentService" {
		fail("Deployment: readiness probe service %q is not one the server registers", *p.GRPC.Service)
	}
	// Drain: grace period > preStop sleep + shutdown timeout + grace.
	var preStop int64
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil || c.Lifecycle.PreStop.Sleep.Seconds <= 0 {
		fail("Deployment: want a preStop sleep so endpoints update before SIGTERM")
	} else {
		preStop = c.Lifecycle.PreStop.Sleep.Seconds
	}
	shutdown := 20 * time.Second // the server's default --shutdown-timeout
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
		if !strings.HasPrefix(e.Name, "DOCSIFT_") && e.Name != "GOMEMLIMIT" && e.Name != "GOMAXPROCS" && e.Name != "GOGC" {
			fail("Deployment: unexpected environment variable %s", e.Name)
		}
	}
	if v, ok := env["DOCSIFT_SHUTDOWN_TIMEOUT"]; ok {
		if shutdown, err = time.ParseDuration(v); err != nil {
			fail("Deployment: DOCSIFT_SHUTDOWN_TIMEOUT=%q: %v", v, err)
		}
	}
	grace := int64(30)
	if pod.Spec.TerminationGracePeriodSeconds != nil {
		grace = *pod.Spec.TerminationGracePeriodSeconds
	}
	// The server exits at most shutdownGrace (2 s, server/app.go) after its
	// shutdown timeout, even with a stage that never returns.
	const serverGrace = 2 * time.Second
	if time.Duration(grace)*time.Second <= time.Duration(preStop)*time.Second+shutdown+serverGrace {
		fail("Deployment: terminationGracePeriodSeconds %d must exceed preStop %ds + shutdown timeout %s + the server's grace %s", grace, preStop, shutdown, serverGrace)
	}
	mounts := map[string]bool{}
	for _, m := range c.VolumeMounts {
		mounts[m.Name] = true
	}
	for _, v := range pod.Spec.Volumes {
		delete(mounts, v.Name)
	}
	for m := range mounts {
		fail("Deployment: volumeMount %s has no volume", m)
	}

	// Services select the pods and target named container ports.
	headless := 0
	for _, s := range o.services {
		if len(s.Spec.Selector) == 0 || !labels.SelectorFromSet(s.Spec.Selector).Matches(labels.Set(pod.Labels)) {
			fail("Service %s: selector %v does not match the pods", s.Name, s.Spec.Selector)
		}
		if s.Spec.ClusterIP == corev1.ClusterIPNone {
			headless++
		}
		for _, p := range s.Spec.Ports {
			if tp := p.TargetPort.String(); p.TargetPort.StrVal != "" && ports[tp] == 0 {
				fail("Service %s: targetPort %s is not a container port", s.Name, tp)
			}
		}
	}
	if headless != 1 {
		fail("want exactly one headless Service (clusterIP: None) for dns:/// client-side balancing, have %d", headless)
	}
	for _, h := range o.hpas {
		ref := h.Spec.ScaleTargetRef
		if ref.Kind != "Deployment" || ref.Name != d.Name || ref.APIVersion != "apps/v1" {
			fail("HPA %s: scaleTargetRef %v is not Deployment %s", h.Name, ref, d.Name)
		}
		if h.Spec.MinReplicas == nil || *h.Spec.MinReplicas < 2 || h.Spec.MaxReplicas < *h.Spec.MinReplicas {
			fail("HPA %s: want 2 <= minReplicas <= maxReplicas", h.Name)
		}
		cpu := false
		for _, m := range h.Spec.Metrics {
			if m.Type == autoscalingv2.ResourceMetricSourceType && m.Resource != nil && m.Resource.Name == corev1.ResourceCPU {
				cpu = true
			}
		}
		if !cpu {
			fail("HPA %s: want a CPU resource metric", h.Name)
		}
	}
	for _, p := range o.pdbs {
		sel, err := metav1.LabelSelectorAsSelector(p.Spec.Selector)
		if err != nil || sel.Empty() || !sel.Matches(labels.Set(pod.Labels)) {
			fail("PDB %s: selector does not match the pods", p.Name)
		}
		if (p.Spec.MinAvailable == nil) == (p.Spec.MaxUnavailable == nil) {
			fail("PDB %s: set exactly one of minAvailable and maxUnavailable", p.Name)
		}
	}
	return errs
}

// checkDockerfile checks the final stage of the Dockerfile by its
// instructions; it does not build it.
func checkDockerfile(path string) []error {
	var errs []error
	fail := func(format string, a ...any) { errs = append(errs, fmt.Errorf("Dockerfile: "+format, a...)) }
	data, err := os.ReadFile(path)
	if err != nil {
		return []error{err}
	}
	// Join continuation lines, drop comments.
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	cur := ""
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(l, "#") || l == "" {
			continue
		}
		if strings.HasSuffix(l, "\\") {
			cur += strings.TrimSuffix(l, "\\") + " "
			continue
		}
		lines = append(lines, cur+l)
		cur = ""
	}
	var froms []int
	for i, l := range lines {
		if strings.HasPrefix(strings.ToUpper(l), "FROM ") {
			froms = append(froms, i)
		}
	}
	if len(froms) < 2 {
		fail("want a multi-stage build")
		return errs
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-s -w", "-X main.version=", "./server"} {
		if !strings.Contains(all, want) {
			fail("the build does not use %q", want)
		}
	}
	final := lines[froms[len(froms)-1]:]
	base := strings.Fields(final[0])[1]
	if base != "scratch" && !strings.HasPrefix(base, "gcr.io/distroless/static") {
		fail("final base %s is neither scratch nor distroless static", base)
	}
	user, exposed, entry := "", map[string]bool{}, false
	for _, l := range final[1:] {
		f := strings.Fields(l)
		switch strings.ToUpper(f[0]) {
		case "USER":
			user = f[1]
		case "EXPOSE":
			for _, p := range f[1:] {
				exposed[p] = true
			}
		case "ENTRYPOINT", "CMD":
			entry = true
		case "RUN":
			fail("the final stage runs %q; a distroless/scratch image has no shell", l)
		}
	}
	uid, _, _ := strings.Cut(user, ":")
	if uid == "" || uid == "0" || uid == "root" || !regexp.MustCompile(`^[0-9]+$`).MatchString(uid) {
		fail("final stage USER %q must be a numeric non-root uid (runAsNonRoot needs a number)", user)
	}
	if !exposed["50051"] || !exposed["8080"] {
		fail("want EXPOSE 50051 8080")
	}
	if !entry {
		fail("final stage has no ENTRYPOINT")
	}
	return errs
}
