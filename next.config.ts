import type { NextConfig } from 'next';

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // Content-Security-Policy (per-request nonce) and HSTS are set in src/proxy.ts.
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The benchmark builds into its own folder so it never disturbs a running demo or e2e build.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The build checks app code only; `npm run typecheck` covers tests, scripts and tools too.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  // The antivirus screenshot may be up to 5 MB; multipart overhead needs a little more.
  experimental: { serverActions: { bodySizeLimit: '6mb' } },
  serverExternalPackages: ['pg', 'sharp', 'nodemailer'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
