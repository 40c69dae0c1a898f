// Command argocd-check runs Argo CD's own ApplicationSet reconciler over an emitted GitOps tree
// and prints, as JSON, what it creates: for every ApplicationSet the generated Applications
// (finalizers, labels, annotations, sync policy, destination), the conditions it reports, what
// survives an operator's incident change (sync policy off, revision pinned), and what happens
// to the Application of a component removed from the inventory.
//
// Usage: argocd-check [--progressive-syncs] <tree dir> [<more objects dir>...]
//
// Everything runs in memory: a fake controller-runtime client holds the AppProjects,
// ApplicationSets and Applications; a fake Kubernetes clientset holds argocd-cm and the
// cluster Secrets that the tree's ExternalSecrets would produce (credentials are placeholders:
// External Secrets Operator fills them on a real cluster).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/argoproj/argo-cd/v3/applicationset/controllers"
	"github.com/argoproj/argo-cd/v3/applicationset/generators"
	appsetmetrics "github.com/argoproj/argo-cd/v3/applicationset/metrics"
	"github.com/argoproj/argo-cd/v3/applicationset/progressivesync"
	"github.com/argoproj/argo-cd/v3/applicationset/utils"
	"github.com/argoproj/argo-cd/v3/pkg/apis/application/v1alpha1"
	appfake "github.com/argoproj/argo-cd/v3/pkg/client/clientset/versioned/fake"
	"github.com/argoproj/argo-cd/v3/util/db"
	"github.com/argoproj/argo-cd/v3/util/settings"
	log "github.com/sirupsen/logrus"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/yaml"
)

type appReport struct {
	Name              string                          `json:"name"`
	Project           string                          `json:"project"`
	Finalizers        []string                        `json:"finalizers"`
	Labels            map[string]string               `json:"labels"`
	Annotations       map[string]string               `json:"annotations"`
	Destination       v1alpha1.ApplicationDestination `json:"destination"`
	SyncPolicy        *v1alpha1.SyncPolicy            `json:"syncPolicy"`
	Sources           v1alpha1.ApplicationSources     `json:"sources"`
	IgnoreDifferences v1alpha1.IgnoreDifferences      `json:"ignoreDifferences"`
}

type incidentReport struct {
	Application        string `json:"application"`
	SyncPolicyKept     bool   `json:"syncPolicyKept"`
	TargetRevisionKept bool   `json:"targetRevisionKept"`
}

type removalReport struct {
	Component       string   `json:"component"`
	Application     string   `json:"application"`
	Gone            bool     `json:"gone"`
	DeletionPending bool     `json:"deletionPending"`
	Finalizers      []string `json:"finalizers"`
}

type appSetReport struct {
	Name         string                             `json:"name"`
	Conditions   []v1alpha1.ApplicationSetCondition `json:"conditions"`
	Applications []appReport                        `json:"applications"`
	Incident     []incidentReport                   `json:"incident"`
	Removal      *removalReport                     `json:"removal,omitempty"`
}

type report struct {
	ProgressiveSyncs bool           `json:"progressiveSyncs"`
	ApplicationSets  []appSetReport `json:"applicationSets"`
}

// Pinned by the incident step; an operator's `argocd app set --revision` during a rollback.
const incidentRevision = "incident-pin"

// ArgoCDVersion is the Argo CD release whose code this binary runs (the go.mod pin).
const ArgoCDVersion = "v3.6.1"

func main() {
	progressive := flag.Bool("progressive-syncs", false, "run the controller with --enable-progressive-syncs")
	version := flag.Bool("version", false, "print the Argo CD version this binary runs and exit")
	flag.Parse()
	if *version {
		fmt.Println(ArgoCDVersion)
		return
	}
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: argocd-check [--progressive-syncs] <tree dir> [<more objects dir>...]")
		os.Exit(2)
	}
	log.SetLevel(log.ErrorLevel)
	log.SetOutput(os.Stderr)
	out, err := run(flag.Args(), *progressive)
	if err != nil {
		fmt.Fprintln(os.Stderr, "argocd-check:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}

type tree struct {
	namespace string
	projects  []*v1alpha1.AppProject
	appSets   []*v1alpha1.ApplicationSet
	apps      []*v1alpha1.Application
	kubeObjs  []runtime.Object
}

func splitDocs(b []byte) [][]byte {
	var out [][]byte
	for _, d := range bytes.Split(b, []byte("\n---\n")) {
		if len(bytes.TrimSpace(d)) > 0 {
			out = append(out, d)
		}
	}
	return out
}

// clusterSecret is the Secret External Secrets Operator writes from a cluster registration
// ExternalSecret: the template's metadata and data, with placeholder credentials.
func clusterSecret(u *unstructured.Unstructured) (*corev1.Secret, error) {
	tmpl, _, _ := unstructured.NestedMap(u.Object, "spec", "target", "template")
	name, _, _ := unstructured.NestedString(u.Object, "spec", "target", "name")
	if name == "" {
		name = u.GetName()
	}
	labels, _, _ := unstructured.NestedStringMap(tmpl, "metadata", "labels")
	data, _, _ := unstructured.NestedStringMap(tmpl, "data")
	if labels["argocd.argoproj.io/secret-type"] == "" {
		return nil, nil
	}
	s := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: u.GetNamespace(), Labels: labels}, Data: map[string][]byte{}}
	for k, v := range data {
		if strings.Contains(v, "{{") {
			v = `{"bearerToken":"placeholder","tlsClientConfig":{"insecure":false}}`
		}
		s.Data[k] = []byte(v)
	}
	return s, nil
}

func (t *tree) load(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if strings.HasSuffix(rel, "/components") || rel == "charts" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".yaml") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, doc := range splitDocs(b) {
			u := &unstructured.Unstructured{}
			if err := yaml.Unmarshal(doc, &u.Object); err != nil || u.Object == nil {
				continue
			}
			if err := t.add(u, doc); err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
		}
		return nil
	})
}

func (t *tree) add(u *unstructured.Unstructured, doc []byte) error {
	strict := func(into any) error { return yaml.UnmarshalStrict(doc, into) }
	switch u.GetKind() {
	case "AppProject":
		p := &v1alpha1.AppProject{}
		if err := strict(p); err != nil {
			return err
		}
		t.projects = append(t.projects, p)
		t.namespace = p.Namespace
	case "ApplicationSet":
		a := &v1alpha1.ApplicationSet{}
		if err := strict(a); err != nil {
			return err
		}
		t.appSets = append(t.appSets, a)
	case "Application":
		a := &v1alpha1.Application{}
		if err := strict(a); err != nil {
			return err
		}
		t.apps = append(t.apps, a)
	case "ExternalSecret":
		s, err := clusterSecret(u)
		if err != nil {
			return err
		}
		if s != nil {
			t.kubeObjs = append(t.kubeObjs, s)
		}
	case "Secret":
		s := &corev1.Secret{}
		if err := strict(s); err != nil {
			return err
		}
		// The API server folds stringData into data; the fake clientset does not.
		for k, v := range s.StringData {
			if s.Data == nil {
				s.Data = map[string][]byte{}
			}
			s.Data[k] = []byte(v)
		}
		s.StringData = nil
		t.kubeObjs = append(t.kubeObjs, s)
	}
	return nil
}

type env struct {
	r      *controllers.ApplicationSetReconciler
	client client.Client
	// The progressive sync manager patches Applications through Argo CD's typed clientset; it
	// gets a copy of what the reconciler wrote before every pass.
	apps *appfake.Clientset
	ns   string
}

func newEnv(t *tree, progressive bool) (*env, error) {
	ns := t.namespace
	if ns == "" {
		ns = "argocd"
	}
	scheme := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	if err := corev1.AddToScheme(scheme); err != nil {
		return nil, err
	}
	var objs []client.Object
	for _, p := range t.projects {
		objs = append(objs, p)
	}
	for _, a := range t.appSets {
		objs = append(objs, a)
	}
	for _, a := range t.apps {
		objs = append(objs, a)
	}
	c := fake.NewClientBuilder().WithScheme(scheme).WithObjects(objs...).
		WithStatusSubresource(&v1alpha1.ApplicationSet{}).
		WithIndex(&v1alpha1.Application{}, ".metadata.controller", func(o client.Object) []string {
			owner := metav1.GetControllerOf(o)
			if owner == nil || owner.Kind != "ApplicationSet" {
				return nil
			}
			return []string{owner.Name}
		}).Build()
	kubeObjs := append([]runtime.Object{
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "argocd-cm", Namespace: ns, Labels: map[string]string{"app.kubernetes.io/part-of": "argocd"}}, Data: map[string]string{}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "argocd-secret", Namespace: ns, Labels: map[string]string{"app.kubernetes.io/part-of": "argocd"}}, Data: map[string][]byte{"server.secretkey": nil}},
	}, t.kubeObjs...)
	kube := kubefake.NewClientset(kubeObjs...)
	ctx := context.Background()
	argodb := db.NewDB(ns, settings.NewSettingsManager(ctx, kube, ns), kube)
	informer, err := settings.NewClusterInformer(kube, ns)
	if err != nil {
		return nil, err
	}
	go informer.Run(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), informer.HasSynced) {
		return nil, fmt.Errorf("cluster informer did not sync")
	}
	r := &controllers.ApplicationSetReconciler{
		Client:                 c,
		Scheme:                 scheme,
		Renderer:               &utils.Render{},
		Recorder:               record.NewFakeRecorder(10000),
		Generators:             map[string]generators.Generator{"List": generators.NewListGenerator()},
		ArgoDB:                 argodb,
		KubeClientset:          kube,
		Policy:                 v1alpha1.ApplicationsSyncPolicySync,
		ArgoCDNamespace:        ns,
		Metrics:                appsetmetrics.NewFakeAppsetMetrics(),
		ClusterInformer:        informer,
		EnableProgressiveSyncs: progressive,
	}
	apps := appfake.NewSimpleClientset()
	if progressive {
		r.ProgressiveSyncManager = progressivesync.NewManager(c, c, apps, r)
	}
	return &env{r: r, client: c, apps: apps, ns: ns}, nil
}

func (e *env) reconcile(name string) error {
	// Twice: the first pass may only add status; the second acts on it (as the controller's requeue does).
	for range 2 {
		if err := e.mirror(); err != nil {
			return err
		}
		if _, err := e.r.Reconcile(context.Background(), ctrl.Request{NamespacedName: client.ObjectKey{Namespace: e.ns, Name: name}}); err != nil {
			return err
		}
	}
	return nil
}

func (e *env) mirror() error {
	ctx := context.Background()
	var list v1alpha1.ApplicationList
	if err := e.client.List(ctx, &list, client.InNamespace(e.ns)); err != nil {
		return err
	}
	typed := e.apps.ArgoprojV1alpha1().Applications(e.ns)
	for i := range list.Items {
		a := list.Items[i].DeepCopy()
		a.ResourceVersion = ""
		if _, err := typed.Get(ctx, a.Name, metav1.GetOptions{}); err == nil {
			if _, err := typed.Update(ctx, a, metav1.UpdateOptions{}); err != nil {
				return err
			}
		} else if _, err := typed.Create(ctx, a, metav1.CreateOptions{}); err != nil {
			return err
		}
	}
	return nil
}

func (e *env) owned(name string) ([]v1alpha1.Application, error) {
	var list v1alpha1.ApplicationList
	if err := e.client.List(context.Background(), &list, client.InNamespace(e.ns)); err != nil {
		return nil, err
	}
	var out []v1alpha1.Application
	for _, a := range list.Items {
		if o := metav1.GetControllerOf(&a); o != nil && o.Kind == "ApplicationSet" && o.Name == name {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func toReport(a v1alpha1.Application) appReport {
	srcs := a.Spec.Sources
	if a.Spec.Source != nil {
		srcs = append(v1alpha1.ApplicationSources{*a.Spec.Source}, srcs...)
	}
	return appReport{
		Name: a.Name, Project: a.Spec.Project, Finalizers: a.Finalizers, Labels: a.Labels,
		Annotations: a.Annotations, Destination: a.Spec.Destination, SyncPolicy: a.Spec.SyncPolicy,
		Sources: srcs, IgnoreDifferences: a.Spec.IgnoreDifferences,
	}
}

func run(dirs []string, progressive bool) (*report, error) {
	t := &tree{}
	for _, dir := range dirs {
		if err := t.load(dir); err != nil {
			return nil, err
		}
	}
	out := &report{ProgressiveSyncs: progressive, ApplicationSets: []appSetReport{}}
	sort.Slice(t.appSets, func(i, j int) bool { return t.appSets[i].Name < t.appSets[j].Name })
	for _, as := range t.appSets {
		rep, err := scenario(t, as.Name, progressive)
		if err != nil {
			return nil, fmt.Errorf("ApplicationSet %s: %w", as.Name, err)
		}
		out.ApplicationSets = append(out.ApplicationSets, *rep)
	}
	return out, nil
}

// scenario: generate; an operator disables auto-sync and pins a revision on every Application,
// the controller reconciles again; the last component is removed from the list generator.
func scenario(t *tree, name string, progressive bool) (*appSetReport, error) {
	e, err := newEnv(t, progressive)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	if err := e.reconcile(name); err != nil {
		return nil, err
	}
	rep := &appSetReport{Name: name, Applications: []appReport{}, Incident: []incidentReport{}}
	apps, err := e.owned(name)
	if err != nil {
		return nil, err
	}
	for _, a := range apps {
		rep.Applications = append(rep.Applications, toReport(a))
	}
	var as v1alpha1.ApplicationSet
	if err := e.client.Get(ctx, client.ObjectKey{Namespace: e.ns, Name: name}, &as); err != nil {
		return nil, err
	}
	rep.Conditions = as.Status.Conditions
	for i := range rep.Conditions {
		rep.Conditions[i].LastTransitionTime = nil
	}

	for _, a := range apps {
		live := a.DeepCopy()
		if live.Spec.SyncPolicy != nil {
			live.Spec.SyncPolicy.Automated = nil
		}
		for i := range live.Spec.Sources {
			if live.Spec.Sources[i].Chart == "" {
				live.Spec.Sources[i].TargetRevision = incidentRevision
			}
		}
		if err := e.client.Update(ctx, live); err != nil {
			return nil, err
		}
	}
	if err := e.reconcile(name); err != nil {
		return nil, err
	}
	after, err := e.owned(name)
	if err != nil {
		return nil, err
	}
	for _, a := range after {
		kept := true
		for _, s := range a.Spec.Sources {
			if s.Chart == "" && s.TargetRevision != incidentRevision {
				kept = false
			}
		}
		rep.Incident = append(rep.Incident, incidentReport{
			Application:        a.Name,
			SyncPolicyKept:     a.Spec.SyncPolicy == nil || a.Spec.SyncPolicy.Automated == nil,
			TargetRevisionKept: kept,
		})
	}

	if err := e.client.Get(ctx, client.ObjectKey{Namespace: e.ns, Name: name}, &as); err != nil {
		return nil, err
	}
	if len(as.Spec.Generators) > 0 && as.Spec.Generators[0].List != nil && len(as.Spec.Generators[0].List.Elements) > 1 {
		els := as.Spec.Generators[0].List.Elements
		var last map[string]any
		_ = json.Unmarshal(els[len(els)-1].Raw, &last)
		as.Spec.Generators[0].List.Elements = els[:len(els)-1]
		if err := e.client.Update(ctx, &as); err != nil {
			return nil, err
		}
		if err := e.reconcile(name); err != nil {
			return nil, err
		}
		comp, _ := last["component"].(string)
		rr := &removalReport{Component: comp}
		now, err := e.owned(name)
		if err != nil {
			return nil, err
		}
		present := map[string]v1alpha1.Application{}
		for _, a := range now {
			present[a.Name] = a
		}
		for _, a := range after {
			p, ok := present[a.Name]
			switch {
			case !ok:
				rr.Application, rr.Gone, rr.Finalizers = a.Name, true, a.Finalizers
			case p.DeletionTimestamp != nil:
				rr.Application, rr.DeletionPending, rr.Finalizers = a.Name, true, p.Finalizers
			}
		}
		rep.Removal = rr
	}
	return rep, nil
}
