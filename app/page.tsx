import { redirect } from "next/navigation";

// The portal has no public landing page: people come here to manage their connections.
export default function Home() {
  redirect("/dashboard");
}
