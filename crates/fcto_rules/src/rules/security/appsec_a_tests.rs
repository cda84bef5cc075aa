//! SEC-10, SEC-11, SEC-12 and SEC-14 on realistic files that make them fire and on careful ones
//! that must not.

use crate::testing::{World, evidence_lines, finding_with, run_on};
use fcto_model::Severity;

#[test]
fn sec010_weak_password_storage_fires() {
    let w = World::new()
        .pattern_file(
            "app/auth.py",
            "import hashlib\n\n\
             def register(username, password):\n    \
             hashed = hashlib.md5(password.encode()).hexdigest()\n    \
             db.execute(\"INSERT INTO users VALUES (%s, %s)\", (username, hashed))\n\n\
             def login(username, password):\n    \
             cur.execute(\"SELECT id FROM users WHERE username = %s AND password = %s\", (username, password))\n",
        )
        .pattern_file(
            "src/users/service.js",
            "const bcrypt = require('bcrypt');\n\n\
             async function hash(password) {\n  \
             const salt = await bcrypt.genSalt(8);\n  \
             return bcrypt.hash(password, salt);\n}\n\n\
             function derive(password, salt) {\n  \
             return crypto.pbkdf2Sync(password, salt, 10000, 64, 'sha512');\n}\n",
        )
        .pattern_file(
            "src/users/login.js",
            "async function login(req, res) {\n  \
             const user = await User.findById(req.body.id);\n  \
             if (user.password === req.body.password) {\n    return res.json(ok(user));\n  }\n}\n",
        );
    let found = run_on("SEC010", w);
    assert_eq!(found.len(), 5, "{found:#?}");
    let md5 = finding_with(&found, "Passwords hashed with MD5 (unsalted)");
    assert_eq!(md5.severity, Severity::Critical);
    assert_eq!(evidence_lines(md5), vec![("app/auth.py", 4)]);
    let sql = finding_with(&found, "Passwords matched inside SQL queries");
    assert_eq!(sql.severity, Severity::Critical);
    assert_eq!(evidence_lines(sql), vec![("app/auth.py", 8)]);
    let bcrypt = finding_with(&found, "bcrypt with cost 8, below 10");
    assert_eq!(bcrypt.severity, Severity::High);
    assert_eq!(evidence_lines(bcrypt), vec![("src/users/service.js", 4)]);
    let pbkdf2 = finding_with(
        &found,
        "PBKDF2 with 10,000 iterations, below OWASP's 210,000 for HMAC-SHA512",
    );
    assert_eq!(pbkdf2.severity, Severity::High);
    let compare = finding_with(&found, "compared with `==` against the stored value");
    assert_eq!(evidence_lines(compare), vec![("src/users/login.js", 3)]);
}

#[test]
fn sec010_strong_hashing_and_tests_are_silent() {
    let w = World::new()
        .pattern_file(
            "app/auth.py",
            "import bcrypt, hashlib\n\n\
             def register(password):\n    \
             return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))\n\n\
             def store_reset(password_reset_token):\n    \
             return hashlib.sha256(password_reset_token.encode()).hexdigest()\n\n\
             def check(form, user):\n    \
             return form.password == form.confirm_password\n",
        )
        .pattern_file(
            "src/users/service.ts",
            "const hash = await argon2.hash(password);\n\
             const key = crypto.pbkdf2Sync(password, salt, 600000, 32, 'sha256');\n\
             const ok = await bcrypt.compare(password, user.password);\n",
        )
        .pattern_file(
            "tests/test_login.py",
            "def test_legacy():\n    assert hashlib.md5(password.encode()).hexdigest()\n",
        )
        .pattern_file(
            "config/initializers/sidekiq.rb",
            "Sidekiq::Web.use(Rack::Auth::Basic) do |username, password|\n  \
             expected = ::Digest::SHA256.hexdigest(ENV.fetch(\"SIDEKIQ_WEB_PASSWORD\"))\n  \
             ActiveSupport::SecurityUtils.secure_compare(::Digest::SHA256.hexdigest(password), expected)\n\
             end\n",
        )
        .pattern_file(
            "config/settings/test.py",
            "PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\n",
        );
    let found = run_on("SEC010", w);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn sec011_broken_crypto_fires() {
    let w = World::new()
        .pattern_file(
            "src/auth/tokens.js",
            "const jwt = require('jsonwebtoken');\n\n\
             function resetLink(user) {\n  \
             const resetToken = Math.random().toString(36).slice(2);\n  \
             return `${BASE}/reset/${resetToken}`;\n}\n\n\
             function sign(user) {\n  \
             return jwt.sign({ sub: user.id }, 'secret', { expiresIn: '1h' });\n}\n\n\
             function who(req) {\n  \
             return jwt.decode(req.headers.authorization.split(' ')[1]);\n}\n",
        )
        .pattern_file(
            "api/crypto_util.py",
            "from Crypto.Cipher import AES\n\
             import jwt\n\n\
             def encrypt(key, data):\n    \
             return AES.new(key, AES.MODE_ECB).encrypt(data)\n\n\
             def claims(token):\n    \
             return jwt.decode(token, options={\"verify_signature\": False})\n",
        );
    let found = run_on("SEC011", w);
    assert_eq!(found.len(), 5, "{found:#?}");
    let random = finding_with(&found, "`Math.random()` used for a token or secret");
    assert_eq!(random.severity, Severity::High);
    assert_eq!(evidence_lines(random), vec![("src/auth/tokens.js", 4)]);
    let secret = finding_with(&found, "A hard-coded signing secret");
    assert!(secret.message.contains("the placeholder `secret`"));
    assert_eq!(evidence_lines(secret), vec![("src/auth/tokens.js", 9)]);
    let decode = finding_with(&found, "`jwt.decode` in authentication code");
    assert!(decode.message.contains("to review"));
    assert_eq!(evidence_lines(decode), vec![("src/auth/tokens.js", 13)]);
    let ecb = finding_with(&found, "Encryption in ECB mode");
    assert_eq!(evidence_lines(ecb), vec![("api/crypto_util.py", 5)]);
    let unverified = finding_with(&found, "JWTs decoded without checking the signature");
    assert_eq!(unverified.severity, Severity::Critical);
    assert_eq!(evidence_lines(unverified), vec![("api/crypto_util.py", 8)]);
}

#[test]
fn sec011_sound_crypto_is_silent() {
    let w = World::new()
        .pattern_file(
            "src/auth/tokens.js",
            "const token = crypto.randomBytes(32).toString('hex');\n\
             const delay = Math.random() * 1000;\n\
             const t = jwt.sign(payload, process.env.JWT_SECRET, { algorithm: 'HS256' });\n\
             const c = jwt.verify(t, process.env.JWT_SECRET, { algorithms: ['HS256'] });\n\
             const cipher = crypto.createCipheriv('aes-256-gcm', key, crypto.randomBytes(12));\n\
             if (!crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) throw new Error();\n",
        )
        .pattern_file(
            "web/src/utils/date.js",
            "export const claims = jwt.decode(token);\n",
        )
        .pattern_file(
            "app/settings.py",
            "SECRET_KEY = 'django-insecure-8f3k2l1m0n9b8v7c6x5z4a3s2d1f0g9h8j7k6l5'\n",
        )
        .pattern_file(
            "spec/support/token_helper.rb",
            "token = rand(36**20).to_s(36)\n",
        );
    let found = run_on("SEC011", w);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn sec012_certificate_checks_off_fire() {
    let w = World::new()
        .pattern_file(
            "billing/client.py",
            "import requests\n\n\
             def charge(payload):\n    \
             return requests.post(PSP_URL, json=payload, verify=False)\n",
        )
        .pattern_file(
            "src/db.js",
            "module.exports = new Pool({\n  connectionString: process.env.DATABASE_URL,\n  \
             ssl: { rejectUnauthorized: false },\n});\n",
        )
        .pattern_file(
            "Dockerfile",
            "FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n",
        )
        .pattern_file(
            "tests/test_client.py",
            "r = requests.get(url, verify=False)\n",
        );
    let found = run_on("SEC012", w);
    assert_eq!(found.len(), 4, "{found:#?}");
    let python = found
        .iter()
        .find(|f| evidence_lines(f) == vec![("billing/client.py", 4)])
        .expect("requests finding");
    assert_eq!(python.severity, Severity::High);
    assert!(
        python.message.contains("verify=False"),
        "{}",
        python.message
    );
    let node = finding_with(&found, "for the whole Node process");
    assert_eq!(evidence_lines(node), vec![("Dockerfile", 2)]);
    let pool = found
        .iter()
        .find(|f| evidence_lines(f) == vec![("src/db.js", 3)])
        .expect("rejectUnauthorized finding");
    assert_eq!(pool.severity, Severity::High);
    let test = finding_with(&found, "(test or example code)");
    assert_eq!(test.severity, Severity::Low);
}

#[test]
fn sec012_checked_connections_are_silent() {
    let w = World::new()
        .pattern_file(
            "billing/client.py",
            "r = requests.post(PSP_URL, json=payload, verify=CA_BUNDLE)\n\
             # r = requests.post(PSP_URL, verify=False)\n",
        )
        .pattern_file(
            "src/db.js",
            "const agent = new https.Agent({ rejectUnauthorized: true, ca });\n",
        )
        .pattern_file(
            "docker-compose.yml",
            "services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:app@db:5432/app?sslmode=disable\n",
        )
        .pattern_file(
            "config/database.yml",
            "url: postgres://app@localhost:5432/app?sslmode=disable\n",
        );
    let found = run_on("SEC012", w);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn sec014_debug_in_production_fires() {
    let w = World::new()
        .pattern_file(
            "mysite/settings.py",
            "import os\n\nSECRET_KEY = os.environ['SECRET_KEY']\nDEBUG = True\nALLOWED_HOSTS = ['*']\n",
        )
        .pattern_file(
            "src/main/resources/application.properties",
            "server.port=8080\nmanagement.endpoints.web.exposure.include=*\n",
        )
        .pattern_file(
            "config/environments/production.rb",
            "Rails.application.configure do\n  config.consider_all_requests_local = true\nend\n",
        )
        .pattern_file(
            "Startup.cs",
            "public void Configure(IApplicationBuilder app)\n{\n    app.UseDeveloperExceptionPage();\n    app.UseRouting();\n}\n",
        );
    let found = run_on("SEC014", w);
    assert_eq!(found.len(), 4, "{found:#?}");
    let django = finding_with(&found, "`DEBUG = True` in settings");
    assert_eq!(django.severity, Severity::High);
    assert_eq!(evidence_lines(django), vec![("mysite/settings.py", 4)]);
    let actuator = finding_with(&found, "Every Spring Boot actuator endpoint exposed");
    assert_eq!(actuator.severity, Severity::Critical);
    assert_eq!(
        evidence_lines(actuator),
        vec![("src/main/resources/application.properties", 2)]
    );
    let rails = finding_with(&found, "Full error reports");
    assert_eq!(
        evidence_lines(rails),
        vec![("config/environments/production.rb", 2)]
    );
    let aspnet = finding_with(&found, "developer exception page");
    assert!(aspnet.message.contains("to review"));
    assert_eq!(evidence_lines(aspnet), vec![("Startup.cs", 3)]);
}

#[test]
fn sec014_development_settings_and_guards_are_silent() {
    let w = World::new()
        .pattern_file("mysite/settings/dev.py", "DEBUG = True\n")
        .pattern_file(
            "mysite/settings/production.py",
            "DEBUG = env.bool('DJANGO_DEBUG', default=False)\n",
        )
        .pattern_file(
            "src/main/resources/application-dev.yml",
            "management:\n  endpoints:\n    web:\n      exposure:\n        include: \"*\"\n",
        )
        .pattern_file(
            "Program.cs",
            "if (app.Environment.IsDevelopment())\n{\n    app.UseDeveloperExceptionPage();\n}\n",
        )
        .pattern_file(
            "server.js",
            "if (process.env.NODE_ENV === 'development') {\n  app.use(errorhandler());\n}\n",
        )
        .pattern_file(".env.example", "APP_DEBUG=true\n")
        .pattern_file("examples/hello/app.py", "app.run(debug=True)\n");
    let found = run_on("SEC014", w);
    assert!(found.is_empty(), "{found:#?}");
}
