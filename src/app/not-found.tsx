import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p>The page you asked for does not exist, or you do not have access to it.</p>
      <p>
        <Link className="font-semibold underline" href="/">
          Go to the dashboard
        </Link>
      </p>
    </div>
  );
}
