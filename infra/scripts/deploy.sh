#!/usr/bin/env bash
# azd postprovision hook (also runnable alone to redeploy code): publish the Linux custom-handler layout, zip it
# (zip keeps the apphost's execute bit), upload it to the package blob with your Entra login (the account has no
# keys), and restart the app so it mounts the new package.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${AZURE_STORAGE_ACCOUNT_NAME:?run through azd, or export the azd environment (azd env get-values)}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish functions/ExpoMatch.Functions -c Release -r linux-x64 --self-contained false -o "$out/app"
(cd "$out/app" && zip -qr "$out/expomatch.zip" .)
az storage blob upload --auth-mode login --overwrite \
  --account-name "$AZURE_STORAGE_ACCOUNT_NAME" --container-name "$AZURE_DEPLOYMENT_CONTAINER" \
  --name "$AZURE_DEPLOYMENT_BLOB" --file "$out/expomatch.zip"
az functionapp restart --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME"
echo "Deployed: $AZURE_FUNCTION_APP_URL/api/health"
