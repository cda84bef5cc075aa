//! SEC-04, SEC-13, SEC-15, SEC-17 and SEC-20 on realistic files that make them fire and on
//! careful ones that must not.

use crate::testing::{World, evidence_lines, finding_with, run_on};
use fcto_model::Severity;

#[test]
fn sec004_secrets_in_client_code_fire() {
    let stripe = concat!("sk_live_", "Gjsc9iRu4DP0rZNWiC5FVfPx");
    let w = World::new()
        .pattern_file(
            ".env.local",
            "NEXT_PUBLIC_SUPABASE_URL=https://xyz.supabase.co\n\
             NEXT_PUBLIC_OPENAI_API_KEY=\n",
        )
        .pattern_file(
            "app/chat/page.tsx",
            "\"use client\";\nimport OpenAI from \"openai\";\n\n\
             const openai = new OpenAI({\n  apiKey: process.env.NEXT_PUBLIC_OPENAI_API_KEY,\n  \
             dangerouslyAllowBrowser: true,\n});\n",
        )
        .pattern_file(
            "src/components/AdminUsers.tsx",
            "export async function load() {\n  const { data } = await supabase.auth.admin.listUsers();\n  return data;\n}\n",
        )
        .text_file(
            "public/checkout.js",
            &format!("// checkout\nconst stripe = Stripe(\"{stripe}\");\n"),
        );
    let found = run_on("SEC004", w);
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found.iter().all(|f| f.severity == Severity::Critical));
    let variable = finding_with(&found, "`NEXT_PUBLIC_OPENAI_API_KEY` looks like a secret");
    assert!(variable.message.contains("`NEXT_PUBLIC_` prefix"));
    assert_eq!(
        evidence_lines(variable),
        vec![(".env.local", 2), ("app/chat/page.tsx", 5)]
    );
    let sdk = finding_with(&found, "dangerouslyAllowBrowser");
    assert_eq!(evidence_lines(sdk), vec![("app/chat/page.tsx", 6)]);
    let admin = finding_with(&found, "Supabase's admin API");
    assert!(admin.message.contains("front-end code"));
    assert_eq!(
        evidence_lines(admin),
        vec![("src/components/AdminUsers.tsx", 2)]
    );
    let key = finding_with(&found, "public folder");
    assert_eq!(evidence_lines(key), vec![("public/checkout.js", 2)]);
    assert!(!key.message.contains(stripe), "the key is masked");
}

#[test]
fn sec004_server_side_secrets_are_silent() {
    let w = World::new()
        .pattern_file(
            ".env.example",
            "NEXT_PUBLIC_SUPABASE_ANON_KEY=\nNEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=\nOPENAI_API_KEY=\n",
        )
        .pattern_file(
            "app/api/users/route.ts",
            "import OpenAI from \"openai\";\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\n\
             export async function GET() {\n  const { data } = await supabase.auth.admin.listUsers();\n  \
             return Response.json(data);\n}\n",
        )
        .pattern_file(
            "app/dashboard/page.tsx",
            "export default async function Page() {\n  const users = await supabaseAdmin.auth.admin.listUsers();\n}\n",
        );
    assert_eq!(run_on("SEC004", w), vec![]);
}

#[test]
fn sec013_open_cors_fires_with_severity_by_credentials() {
    let w = World::new()
        .pattern_file(
            "server/app.js",
            "const cors = require('cors');\nconst app = express();\n\
             app.use(cors({ origin: true, credentials: true }));\n",
        )
        .pattern_file(
            "api/main.py",
            "from fastapi.middleware.cors import CORSMiddleware\n\n\
             app.add_middleware(CORSMiddleware, allow_origins=[\"*\"], allow_methods=[\"GET\"])\n",
        );
    let found = run_on("SEC013", w);
    assert_eq!(found.len(), 2, "{found:#?}");
    let reflected = finding_with(&found, "with credentials");
    assert_eq!(reflected.severity, Severity::High);
    assert_eq!(evidence_lines(reflected), vec![("server/app.js", 3)]);
    let any = finding_with(&found, "allows every origin (`*`)");
    assert_eq!(any.severity, Severity::Medium);
    assert_eq!(evidence_lines(any), vec![("api/main.py", 3)]);
    assert!(any.message.contains("fcto cannot tell"));
}

#[test]
fn sec013_listed_origins_are_silent() {
    let w = World::new()
        .pattern_file(
            "server/app.js",
            "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));\n",
        )
        .pattern_file(
            "config/settings.py",
            "CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]\nCORS_ALLOW_ALL_ORIGINS = False\n",
        )
        .pattern_file(
            "examples/cors/index.js",
            "app.use(cors());\n",
        );
    assert_eq!(run_on("SEC013", w), vec![]);
}

#[test]
fn sec015_injection_fires_critical_with_request_data_and_high_to_review() {
    let w = World::new()
        .pattern_file(
            "routes/users.js",
            "router.get('/users', async (req, res) => {\n  \
             const rows = await db.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);\n  \
             res.json(rows);\n});\n",
        )
        .pattern_file(
            "app/reports.py",
            "def monthly(cursor, month):\n    cursor.execute(f\"SELECT * FROM sales WHERE month = '{month}'\")\n    return cursor.fetchall()\n",
        );
    let found = run_on("SEC015", w);
    assert_eq!(found.len(), 2, "{found:#?}");
    let critical = finding_with(&found, "SQL built from request data");
    assert_eq!(critical.severity, Severity::Critical);
    assert_eq!(evidence_lines(critical), vec![("routes/users.js", 2)]);
    assert!(critical.message.contains("`req.query`"));
    assert!(critical.message.contains("high confidence"));
    let review = finding_with(&found, "to review");
    assert_eq!(review.severity, Severity::High);
    assert_eq!(evidence_lines(review), vec![("app/reports.py", 2)]);
    assert!(review.message.contains("medium confidence"));
}

#[test]
fn sec015_parameterised_queries_are_silent() {
    let w = World::new()
        .pattern_file(
            "routes/users.js",
            "const rows = await db.query('SELECT * FROM users WHERE name = $1', [req.query.name]);\n\
             const more = await sql`SELECT * FROM users WHERE id = ${req.params.id}`;\n\
             execFile('git', ['log', req.query.branch]);\n",
        )
        .pattern_file(
            "app/reports.py",
            "cursor.execute(\"SELECT * FROM sales WHERE month = %s\", (month,))\n\
             subprocess.run([\"convert\", request.form[\"file\"], \"out.png\"])\n\
             config = yaml.load(request.data, Loader=yaml.SafeLoader)\n",
        )
        .pattern_file(
            "tests/test_reports.py",
            "cursor.execute(f\"SELECT * FROM sales WHERE month = '{month}'\")\n",
        );
    assert_eq!(run_on("SEC015", w), vec![]);
}

#[test]
fn sec017_lookup_by_client_id_without_user_fires() {
    let w = World::new().pattern_file(
        "app/controllers/invoices_controller.rb",
        "class InvoicesController < ApplicationController\n  def show\n    \
         @invoice = Invoice.find(params[:id])\n  end\n\n  def destroy\n    \
         Invoice.find(params[:id]).destroy\n  end\nend\n",
    );
    let found = run_on("SEC017", w);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.severity, Severity::High);
    assert!(f.message.starts_with("To review:"));
    assert!(f.message.contains("medium confidence"));
    assert_eq!(
        evidence_lines(f),
        vec![
            ("app/controllers/invoices_controller.rb", 3),
            ("app/controllers/invoices_controller.rb", 7)
        ]
    );
}

#[test]
fn sec017_scoped_or_authorised_lookups_are_silent() {
    let w = World::new()
        .pattern_file(
            "app/controllers/invoices_controller.rb",
            "class InvoicesController < ApplicationController\n  def show\n    \
             @invoice = Invoice.find(params[:id])\n    authorize @invoice\n  end\nend\n",
        )
        .pattern_file(
            "routes/posts.js",
            "router.get('/:id', async (req, res) => {\n  \
             const post = await Post.findOne({ _id: req.params.id, owner: req.user.id });\n});\n",
        )
        .pattern_file(
            "services/owner_service.java",
            "Owner owner = ownerRepository.findById(ownerId);\n",
        );
    assert_eq!(run_on("SEC017", w), vec![]);
}

#[test]
fn sec020_open_firebase_and_supabase_fire() {
    let w = World::new()
        .pattern_file(
            "firestore.rules",
            "rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n    \
             match /{document=**} {\n      allow read, write: if request.time < timestamp.date(2024, 8, 1);\n    }\n  }\n}\n",
        )
        .pattern_file(
            "supabase/migrations/20240101000000_init.sql",
            "create table public.profiles (\n  id uuid primary key\n);\n\
             alter table public.profiles enable row level security;\n\n\
             create table public.todos (\n  id bigint primary key,\n  title text\n);\n\
             create policy \"Anyone can update\" on public.todos for update using (true);\n",
        );
    let found = run_on("SEC020", w);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.iter().all(|f| f.severity == Severity::Critical));
    let test_mode = finding_with(&found, "test-mode");
    assert!(test_mode.message.contains("every document"));
    assert!(test_mode.message.contains("2024,8,1"));
    assert_eq!(evidence_lines(test_mode), vec![("firestore.rules", 5)]);
    let tables = finding_with(&found, "no row level security");
    assert!(
        tables
            .message
            .starts_with("1 Supabase table in the public schema has")
    );
    assert!(tables.message.contains("`todos`") && !tables.message.contains("profiles"));
    assert_eq!(
        evidence_lines(tables),
        vec![("supabase/migrations/20240101000000_init.sql", 6)]
    );
    let policy = finding_with(&found, "policy on `todos`");
    assert_eq!(
        evidence_lines(policy),
        vec![("supabase/migrations/20240101000000_init.sql", 10)]
    );
}

#[test]
fn sec020_owner_rules_and_rls_are_silent() {
    let w = World::new()
        .pattern_file(
            "firestore.rules",
            "service cloud.firestore {\n  match /databases/{database}/documents {\n    \
             match /users/{userId} {\n      allow read, write: if request.auth != null && request.auth.uid == userId;\n    }\n  }\n}\n",
        )
        .pattern_file(
            "database.rules.json",
            "{\n  \"rules\": {\n    \".read\": false,\n    \".write\": false\n  }\n}\n",
        )
        .pattern_file(
            "supabase/migrations/20240101000000_init.sql",
            "create table todos (id bigint primary key, user_id uuid);\n\
             create table private.jobs (id bigint);\n\
             create policy \"Own\" on todos for update using (auth.uid() = user_id);\n",
        )
        .pattern_file(
            "supabase/migrations/20240102000000_rls.sql",
            "alter table \"todos\" enable row level security;\n",
        );
    assert_eq!(run_on("SEC020", w), vec![]);
}
